import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { IncidentReportDraftInput } from './report-draft.inputs';
import { IncidentReportDraftModel } from './report-draft.models';
import { IncidentReportDrafts } from './report-drafts.service';

const incidentId = () => new UuidPipe('incidentId');

/** The CPO's draft of an incident's report to the PPC (PPC Rule 8(1)). */
@Resolver(() => IncidentReportDraftModel)
export class IncidentReportDraftResolver {
  constructor(private readonly drafts: IncidentReportDrafts) {}

  @Policy('update', 'Incident')
  @Query(() => IncidentReportDraftModel, {
    description: 'The report draft: the saved one, or prefilled from the incident and its scope',
  })
  incidentReportDraft(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
  ) {
    return this.drafts.draft(ctx, id);
  }

  @Policy('update', 'Incident')
  @Mutation(() => IncidentReportDraftModel, {
    description: 'Saves the report draft (sealed); a stale version is a CONFLICT (CPO)',
  })
  saveIncidentReportDraft(
    @Ctx() ctx: RequestContext,
    @Args('incidentId', { type: () => ID }, incidentId()) id: string,
    @Args('input') input: IncidentReportDraftInput,
  ) {
    return this.drafts.save(ctx, id, input);
  }
}
