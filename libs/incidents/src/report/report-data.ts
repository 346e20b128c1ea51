import type { CheckpointStamp, LocalizedText } from '@daicho/documents';
import type { IncidentCause, IncidentKind, ReportStage, Rule7Ground } from '../incident-enums';
import type { ScopeSummary } from '../reportability/incident-reportability.service';
import type { ReportDraft } from './report-draft';

/** The office that answers for the company's personal information (its name, address, e-mail). */
export interface PrivacyOffice {
  name: LocalizedText;
  address: LocalizedText;
  email: string;
}

/** Everything a report document prints, gathered once (the PDF and the JSON show the same). */
export interface ReportData {
  number: string;
  stage: ReportStage;
  /** The day the document was made (in Japan). */
  madeOn: string;
  kind: IncidentKind;
  cause: IncidentCause;
  wrongfulPurpose: boolean;
  discoveredAt: Date;
  awareAt: Date;
  preliminaryDueOn: string;
  preliminaryOverdueOn: string;
  finalDueOn: string;
  finalDueBusinessDay: string;
  reportability: {
    reportable: boolean;
    grounds: Rule7Ground[];
    exempt: boolean;
    clientReports: boolean;
  };
  scope: ScopeSummary;
  draft: ReportDraft;
  /** The saved version the document was made from (0: the prefilled draft, never saved). */
  draftVersion: number;
  draftEditedAt: Date | null;
  office: PrivacyOffice;
  checkpoint: CheckpointStamp;
}
