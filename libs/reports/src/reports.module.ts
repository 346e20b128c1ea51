import { Module } from '@nestjs/common';
import { AccessReportController } from './access/access-report.controller';
import { AccessReportPdf } from './access/access-report-pdf.service';
import { AccessRollup } from './access/access-rollup';
import { AccessRollupMaintainer } from './access/access-rollup-maintainer';
import { AccessReportResolver } from './access/access-report.resolver';
import { AccessReports } from './access/access-report.service';
import { ManagementLedgerPdf } from './ledger-book/management-ledger-pdf.service';
import { ProvisionRecordsPdf } from './provisions/provision-records-pdf.service';
import { PublicNoticeController } from './notice/public-notice.controller';

/**
 * The CPO's and the auditors' reports across the ledger, the catalog, requests and incidents
 * (read models and report builders; documents are rendered through libs/documents).
 */
@Module({
  controllers: [AccessReportController, PublicNoticeController],
  providers: [
    AccessReports,
    AccessRollup,
    AccessRollupMaintainer,
    AccessReportPdf,
    ManagementLedgerPdf,
    ProvisionRecordsPdf,
    AccessReportResolver,
  ],
  exports: [AccessReports, AccessRollup],
})
export class ReportsModule {}
