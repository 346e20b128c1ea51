import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { AccessReportArgs } from './access-report.args';
import { LABELS } from '@daicho/documents';
import { LEDGER_ACTIONS } from '@daicho/platform';
import { AccessReportModel, LedgerActionLabelModel } from './access-report.models';
import { AccessReports } from './access-report.service';

@Resolver(() => AccessReportModel)
export class AccessReportResolver {
  constructor(private readonly reports: AccessReports) {}

  @Policy('read', 'AccessReport')
  @Query(() => AccessReportModel, {
    description:
      'Who read what over a period: per actor × category, purpose and day, with anomalies (CPO, AUDITOR)',
  })
  accessReport(@Ctx() ctx: RequestContext, @Args() args: AccessReportArgs) {
    return this.reports.report(ctx, args.from, args.to);
  }

  /** The words for the ledger's actions, so a page never shows a code (the one label source). */
  @Policy('read', 'AccessReport')
  @Query(() => [LedgerActionLabelModel])
  ledgerActionLabels(): LedgerActionLabelModel[] {
    return LEDGER_ACTIONS.map((action) => ({ action, label: LABELS.ledgerAction[action] }));
  }
}
