import { Module } from '@nestjs/common';
import { COMPLAINT_PROVIDERS } from './complaint/complaint.providers';
import { CORRECTIVE_ACTION_PROVIDERS } from './corrective/corrective.providers';
import { IncidentFieldsResolver } from './incident/incident-fields.resolver';
import { IncidentNotices } from './incident/incident-notices.service';
import { IncidentReader } from './incident/incident-reader';
import { IncidentRegister } from './incident/incident-register.service';
import { IncidentExemptions } from './incident/incident-exemption.service';
import { IncidentResolver } from './incident/incident.resolver';
import { IncidentReportability } from './reportability/incident-reportability.service';
import { IncidentReportDraftResolver } from './report/report-draft.resolver';
import { IncidentReportDocumentsController } from './report/report-documents.controller';
import { IncidentReportDocuments } from './report/report-documents.service';
import { IncidentReportDrafts } from './report/report-drafts.service';
import { IncidentScope } from './scope/incident-scope.service';

const SERVICES = [
  IncidentRegister,
  IncidentExemptions,
  IncidentReader,
  IncidentScope,
  IncidentNotices,
  IncidentReportability,
  IncidentReportDrafts,
  IncidentReportDocuments,
];

/**
 * Incidents, breach reports and complaints (APPI arts. 26, 40; PPC Rules 7–8): the register,
 * the scope (named, by holding, from the ledger), reportability, the report clocks and what went
 * out to the PPC and to clients.
 */
@Module({
  controllers: [IncidentReportDocumentsController],
  providers: [
    ...SERVICES,
    IncidentResolver,
    IncidentFieldsResolver,
    IncidentReportDraftResolver,
    ...COMPLAINT_PROVIDERS,
    ...CORRECTIVE_ACTION_PROVIDERS,
  ],
  exports: [IncidentReader],
})
export class IncidentsModule {}
