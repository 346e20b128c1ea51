import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { AccessReportArgs } from './access-report.args';
import { AccessReportModel } from './access-report.models';
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
}
