import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { decodeTimeCursor, UuidPipe } from '@daicho/platform';
import {
  DecideProvisionInput,
  HandOffInput,
  ProvisionConnection,
  ProvisionModel,
  ProvisionsArgs,
  RecordProvisionInput,
} from './provision.dto';
import { ProvisionApproval } from './provision-approval.service';
import { ProvisionReader } from './provision-reader';
import { ProvisionService } from './provision.service';

@Resolver(() => ProvisionModel)
export class ProvisionResolver {
  constructor(
    private readonly provisionService: ProvisionService,
    private readonly approval: ProvisionApproval,
    private readonly reader: ProvisionReader,
  ) {}

  @Policy('create', 'Provision')
  @Mutation(() => ProvisionModel, {
    description: 'Records a provision to a third party and its first hand-off',
  })
  recordProvision(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordProvisionInput,
  ): Promise<ProvisionModel> {
    return this.provisionService.record(ctx, input);
  }

  @Policy('create', 'Provision')
  @Mutation(() => ProvisionModel, { description: 'Another hand-off under a collective record' })
  recordHandOff(
    @Ctx() ctx: RequestContext,
    @Args('provisionId', { type: () => ID }, new UuidPipe('provisionId')) provisionId: string,
    @Args('handOff') handOff: HandOffInput,
  ): Promise<ProvisionModel> {
    return this.provisionService.addHandOff(ctx, provisionId, handOff);
  }

  @Policy('update', 'Provision')
  @Mutation(() => ProvisionModel, {
    description: 'The CPO approves or rejects a provision on an exception route',
  })
  decideProvision(
    @Ctx() ctx: RequestContext,
    @Args('input') input: DecideProvisionInput,
  ): Promise<ProvisionModel> {
    return this.approval.decide(ctx, input);
  }

  @Policy('read', 'Provision')
  @Query(() => ProvisionModel)
  provision(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<ProvisionModel> {
    return this.reader.get(ctx, id);
  }

  @Policy('read', 'Provision')
  @Query(() => ProvisionConnection, {
    description: 'Provision records, newest first (the CPO and auditor all, others their own)',
  })
  provisions(
    @Ctx() ctx: RequestContext,
    @Args() args: ProvisionsArgs,
  ): Promise<ProvisionConnection> {
    const cursor = args.after ? decodeTimeCursor(args.after) : undefined;
    const after = cursor && { createdAt: cursor.at, id: cursor.id };
    return this.reader.list(ctx, { from: args.from, to: args.to }, { first: args.first, after });
  }
}
