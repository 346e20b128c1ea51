import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { PartyKind } from '../provision-enums';
import { CreatePartyInput, PartyModel, toPartyModel } from './party.dto';
import { PartyService } from './party.service';

@Resolver(() => PartyModel)
export class PartyResolver {
  constructor(private readonly partyService: PartyService) {}

  @Policy('create', 'Party')
  @Mutation(() => PartyModel, { description: 'A third party or contractor (CPO)' })
  async createParty(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreatePartyInput,
  ): Promise<PartyModel> {
    return toPartyModel(await this.partyService.create(ctx, input));
  }

  @Policy('read', 'Party')
  @Query(() => [PartyModel])
  async parties(
    @Ctx() ctx: RequestContext,
    @Args('kind', { type: () => PartyKind, nullable: true }) kind?: PartyKind,
  ): Promise<PartyModel[]> {
    return (await this.partyService.list(ctx, kind)).map(toPartyModel);
  }
}
