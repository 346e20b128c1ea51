import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { decodeTimeCursor, encodeCursor, UuidPipe } from '@daicho/platform';
import {
  DecideProvisionInput,
  HandOffInput,
  ProvisionConnection,
  ProvisionModel,
  ProvisionsArgs,
  RecordProvisionInput,
} from './provision.dto';
import { ProvisionService } from './provision.service';

@Resolver(() => ProvisionModel)
export class ProvisionResolver {
  constructor(private readonly provisionService: ProvisionService) {}

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
    return this.provisionService.decide(ctx, input);
  }

  @Policy('read', 'Provision')
  @Query(() => ProvisionModel)
  provision(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<ProvisionModel> {
    return this.provisionService.get(ctx, id);
  }

  @Policy('read', 'Provision')
  @Query(() => ProvisionConnection, {
    description: 'Provision records, newest first (the CPO and auditor all, others their own)',
  })
  async provisions(
    @Ctx() ctx: RequestContext,
    @Args() args: ProvisionsArgs,
  ): Promise<ProvisionConnection> {
    const cursor = args.after ? decodeTimeCursor(args.after) : undefined;
    const after = cursor && { createdAt: cursor.at, id: cursor.id };
    const page = await this.provisionService.list(
      ctx,
      { from: args.from, to: args.to },
      { first: args.first, after },
    );
    const edges = page.nodes.map((node) => ({
      cursor: encodeCursor(node.createdAt.toISOString(), node.id),
      node,
    }));
    return {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    };
  }
}
