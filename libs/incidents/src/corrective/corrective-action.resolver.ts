import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { HoldingsKeys } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { UuidPipe } from '@daicho/platform';
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

/** Corrective actions (是正処置, JIS Q 15001) over GraphQL. */
@Resolver(() => CorrectiveActionModel)
export class CorrectiveActionResolver {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly actions: CorrectiveActions,
    private readonly reader: CorrectiveActionReader,
  ) {}

  private model(ctx: RequestContext, row: CorrectiveActionRow) {
    return correctiveActionModel(ctx, this.keys, this.ledger, row);
  }

  @Policy('create', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Opens a corrective action from an incident, a complaint or an audit (CPO)',
  })
  async openCorrectiveAction(
    @Ctx() ctx: RequestContext,
    @Args('input') input: OpenCorrectiveActionInput,
  ) {
    return this.model(ctx, await this.actions.open(ctx, input));
  }

  @Policy('update', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Records a corrective action carried out (its owner, or the CPO)',
  })
  async recordCorrectiveActionDone(
    @Ctx() ctx: RequestContext,
    @Args('correctiveActionId', { type: () => ID }, correctiveActionId()) id: string,
    @Args('input') input: RecordCorrectiveActionDoneInput,
  ) {
    return this.model(ctx, await this.actions.recordDone(ctx, id, input));
  }

  @Policy('update', 'CorrectiveAction')
  @Mutation(() => CorrectiveActionModel, {
    description: 'Records whether a corrective action that was done worked (the CPO only)',
  })
  async checkCorrectiveActionEffectiveness(
    @Ctx() ctx: RequestContext,
    @Args('correctiveActionId', { type: () => ID }, correctiveActionId()) id: string,
    @Args('input') input: CheckCorrectiveActionEffectivenessInput,
  ) {
    return this.model(ctx, await this.actions.checkEffectiveness(ctx, id, input));
  }

  @Policy('read', 'CorrectiveAction')
  @Query(() => CorrectiveActionModel, {
    description: 'One corrective action (CPO, AUDITOR; a department: those it owns)',
  })
  async correctiveAction(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ) {
    return this.model(ctx, await this.reader.get(ctx, id));
  }

  @Policy('read', 'CorrectiveAction')
  @Query(() => CorrectiveActionConnection, {
    description: 'Corrective actions, soonest due first (a department: those it owns)',
  })
  async correctiveActions(@Ctx() ctx: RequestContext, @Args() args: CorrectiveActionsArgs) {
    const page = await this.reader.list(ctx, args.filter ?? {}, args.first, args.after);
    const edges = [];
    for (const e of page.edges)
      edges.push({ cursor: e.cursor, node: await this.model(ctx, e.node) });
    return { ...page, edges };
  }
}
