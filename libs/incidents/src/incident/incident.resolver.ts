import { Inject } from '@nestjs/common';
import { Args, ID, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { HoldingsKeys } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { selectsAny, UuidPipe } from '@daicho/platform';
import { IncidentScope } from '../scope/incident-scope.service';
import {
  AffectedRecordsInput,
  ScopeByHoldingInput,
  ScopeFromLedgerInput,
} from '../scope/scope.inputs';
import { IncidentsArgs } from './incident-list.args';
import {
  IncidentExemptionInput,
  CorrectIncidentInput,
  RecordIncidentStepInput,
  ReportIncidentInput,
} from './incident.inputs';
import {
  IncidentConnection,
  IncidentModel,
  IncidentScopeModel,
  ReportabilityModel,
} from './incident.models';
import { ClientNoticeInput, RecordReportInput } from './incident-notices.inputs';
import { IncidentNotices } from './incident-notices.service';
import { IncidentReader } from './incident-reader';
import { IncidentExemptions } from './incident-exemption.service';
import { IncidentRegister } from './incident-register.service';
import type { IncidentRow } from './incident-row';
import { incidentModel } from './incident-view';

const incidentId = () => new UuidPipe('incidentId');
/** The fields that open the incident's sealed texts. */
const TEXT_FIELDS = ['title', 'description'];

/** Incidents (APPI art. 26; PPC Rules 7–8) over GraphQL. */
@Resolver(() => IncidentModel)
export class IncidentResolver {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly register: IncidentRegister,
    private readonly exemptions: IncidentExemptions,
    private readonly reader: IncidentReader,
    private readonly scopes: IncidentScope,
    private readonly notices: IncidentNotices,
  ) {}

  /** The incident as answered; its texts opened (and the opening recorded) only if asked for. */
  private model(ctx: RequestContext, row: IncidentRow, info: GraphQLResolveInfo) {
    return incidentModel(ctx, this.keys, this.ledger, row, selectsAny(info, TEXT_FIELDS));
  }

  @Policy('create', 'Incident')
  @Mutation(() => IncidentModel, {
    description:
      'Reports leakage, loss or damage (a department in its own categories; the CPO any)',
  })
  async reportIncident(
    @Ctx() ctx: RequestContext,
    @Args('input') input: ReportIncidentInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.register.report(ctx, input), info);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentModel, { description: 'What was done at a stage (CPO)' })
  async recordIncidentStep(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: RecordIncidentStepInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.register.recordStep(ctx, id, input), info);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentModel, {
    description:
      'Corrects when the company became aware, the cause or the wrongful purpose; the clocks run again (CPO)',
  })
  async correctIncident(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: CorrectIncidentInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.register.correct(ctx, id, input), info);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentModel, {
    description: 'Whether high-grade encryption whose key did not leak exempts it (PPC Rule 7)',
  })
  async recordIncidentEncryption(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: IncidentExemptionInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.exemptions.setExemption(ctx, id, input), info);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentScopeModel, { description: 'Adds named records and persons (CPO)' })
  addAffectedRecords(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: AffectedRecordsInput,
  ) {
    return this.scopes.addRecords(ctx, id, input);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentScopeModel, {
    description: 'Adds every record of a category or system held over a period (CPO)',
  })
  addScopeByHolding(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: ScopeByHoldingInput,
  ) {
    return this.scopes.addByHolding(ctx, id, input);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentScopeModel, {
    description:
      'Adds what an account read, exported or provided in a window, from ledger entries that verify (CPO)',
  })
  addScopeFromLedger(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: ScopeFromLedgerInput,
  ) {
    return this.scopes.addFromLedger(ctx, id, input);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentModel, { description: 'Records a report sent to the PPC (Rule 8)' })
  async recordReport(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: RecordReportInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.notices.recordReport(ctx, id, input), info);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentModel, {
    description: 'Records the notice to the client whose entrusted data was affected',
  })
  async recordClientNotice(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: ClientNoticeInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.notices.recordClientNotice(ctx, id, input), info);
  }

  @Policy('read', 'Incident')
  @Query(() => IncidentModel)
  async incident(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.model(ctx, await this.reader.get(ctx, id), info);
  }

  @Policy('read', 'Incident')
  @Query(() => IncidentConnection, { description: 'Incidents, the latest awareness first' })
  async incidents(
    @Ctx() ctx: RequestContext,
    @Args() args: IncidentsArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await this.reader.list(ctx, args.filter ?? {}, args.first, args.after);
    const edges = [];
    for (const e of page.edges)
      edges.push({ cursor: e.cursor, node: await this.model(ctx, e.node, info) });
    return { ...page, edges };
  }

  @Policy('read', 'Incident')
  @Query(() => IncidentScopeModel)
  incidentScope(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
  ) {
    return this.scopes.scope(ctx, id);
  }

  @Policy('read', 'Incident')
  @Query(() => ReportabilityModel, { description: 'PPC Rule 7 from the scope as it stands' })
  reportability(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
  ) {
    return this.scopes.reportability(ctx, id);
  }
}
