import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import {
  CreatePartyInput,
  PartiesArgs,
  PartyConnection,
  PartyModel,
  toPartyModel,
} from './party.dto';
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
  @Query(() => PartyConnection, { description: 'By name' })
  async parties(@Ctx() ctx: RequestContext, @Args() args: PartiesArgs): Promise<PartyConnection> {
    const page = await this.partyService.list(ctx, args.kind, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toPartyModel(node) })),
      pageInfo: page.pageInfo,
    };
  }
}
