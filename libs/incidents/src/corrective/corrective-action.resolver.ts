import { Inject } from '@nestjs/common';
import { Args, ID, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { HoldingsKeys } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { selectsAny, UuidPipe } from '@daicho/platform';
import {
  CheckCorrectiveActionEffectivenessInput,
  CorrectiveActionsArgs,
  OpenCorrectiveActionInput,
  RecordCorrectiveActionDoneInput,
} from './corrective-action.inputs';
import { CorrectiveActionConnection, CorrectiveActionModel } from './corrective-action.models';
import { CorrectiveActionReader } from './corrective-action-reader';
import type { CorrectiveActionRow } from './corrective-action-row';
import { correctiveActionModel } from './corrective-action-view';
import { CorrectiveActions } from './corrective-actions.service';

const correctiveActionId = () => new UuidPipe('correctiveActionId');
/** The fields that open the action's sealed texts. */
const TEXT_FIELDS = ['cause', 'action', 'doneNote', 'effectivenessNote'];

/** Corrective actions (是正処置, JIS Q 15001) over GraphQL. */
@Resolver(() => CorrectiveActionModel)
export class CorrectiveActionResolver {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly actions: CorrectiveActions,
    private readonly reader: CorrectiveActionReader,
  ) {}

  /** The action as answered; its texts opened (and the opening recorded) only if asked for. */
  private model(ctx: RequestContext, row: CorrectiveActionRow, info: GraphQLResolveInfo) {
    return correctiveActionModel(ctx, this.keys, this.ledger, row, selectsAny(info, TEXT_FIELDS));
  }

  @Policy('create', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Opens a corrective action from an incident, a complaint or an audit (CPO)',
  })
  async openCorrectiveAction(
    @Ctx() ctx: RequestContext,
    @Args('input') input: OpenCorrectiveActionInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.actions.open(ctx, input), info);
  }

  @Policy('update', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Records a corrective action carried out (its owner, or the CPO)',
  })
  async recordCorrectiveActionDone(
    @Ctx() ctx: RequestContext,
    @Args('correctiveActionId', { type: () => ID }, correctiveActionId()) id: string,
    @Args('input') input: RecordCorrectiveActionDoneInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.actions.recordDone(ctx, id, input), info);
  }

  @Policy('update', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Records whether a corrective action that was done worked (the CPO only)',
  })
  async checkCorrectiveActionEffectiveness(
    @Ctx() ctx: RequestContext,
    @Args('correctiveActionId', { type: () => ID }, correctiveActionId()) id: string,
    @Args('input') input: CheckCorrectiveActionEffectivenessInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.actions.checkEffectiveness(ctx, id, input), info);
  }

  @Policy('read', 'CorrectiveAction')
  @Query(() => CorrectiveActionModel, {
    description: 'One corrective action (CPO, AUDITOR; a department: those it owns)',
  })
  async correctiveAction(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.reader.get(ctx, id), info);
  }

  @Policy('read', 'CorrectiveAction')
  @Query(() => CorrectiveActionConnection, {
    description: 'Corrective actions, soonest due first (a department: those it owns)',
  })
  async correctiveActions(
    @Ctx() ctx: RequestContext,
    @Args() args: CorrectiveActionsArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await this.reader.list(ctx, args.filter ?? {}, args.first, args.after);
    const edges = [];
    for (const e of page.edges)
      edges.push({ cursor: e.cursor, node: await this.model(ctx, e.node, info) });
    return { ...page, edges };
  }
}
