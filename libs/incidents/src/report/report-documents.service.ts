import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { PDF_CONTENT_TYPE, pdfFile, type DocumentFile, fileDigest } from '@daicho/documents';
import { CheckpointStamps, Ledger } from '@daicho/ledger';
import { AppConfig, ConflictError, LedgerAction, todayInJapan, type Lang } from '@daicho/platform';
import { ReportStage } from '../incident-enums';
import { deadlineBusinessDay } from '../incident/incident-clocks';
import type { IncidentRow } from '../incident/incident-row';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import { personNoticeDocument } from './person-notice';
import type { PrivacyOffice, ReportData } from './report-data';
import { reportDocument } from './report-document';
import { draftedIncident, IncidentReportDrafts } from './report-drafts.service';
import { reportJson } from './report-json';

export type ReportFormat = 'pdf' | 'json';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * An incident's documents for the CPO: the report to the PPC (PPC Rule 8) as PDF and JSON, and
 * the notice to the affected persons (APPI art. 26(2)) as a letter template. Each is made from
 * the draft as it stands and carries the ledger checkpoint current when it was made; each
 * download is an EXPORT entry with that checkpoint and the file's SHA-256 (codes only), so what
 * went out can be matched to its file and to a state of the ledger later.
 */
@Injectable()
export class IncidentReportDocuments {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly ledger: Ledger,
    private readonly stamps: CheckpointStamps,
    private readonly drafts: IncidentReportDrafts,
    private readonly reportability: IncidentReportability,
  ) {}

  get office(): PrivacyOffice {
    return this.config.privacyOffice;
  }

  /**
   * The report as PDF (in `lang`) or JSON, for `stage`, or when none is named the report due
   * next: the final one once a preliminary report was recorded, else the preliminary one.
   */
  async report(
    ctx: RequestContext,
    id: string,
    format: ReportFormat,
    lang: Lang,
    stage?: ReportStage,
  ): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const row = await draftedIncident(tx, id, 'export the report of');
      const data = await this.reportData(tx, row, stage ?? (await this.nextStage(tx, row)));
      const body = format === 'pdf' ? await pdfFile(reportDocument(data, lang)) : reportJson(data);
      await this.exported(tx, row, 'IncidentReport', {
        format,
        stage: data.stage,
        ...(format === 'pdf' ? { lang } : {}),
        draftVersion: data.draftVersion,
        treeSize: data.checkpoint.treeSize,
        rootHash: data.checkpoint.rootHash,
        sha256: fileDigest(body),
      });
      const name = `${row.number}-report-${data.stage.toLowerCase()}`;
      return format === 'pdf'
        ? { filename: `${name}-${lang}.pdf`, contentType: PDF_CONTENT_TYPE, body }
        : { filename: `${name}.json`, contentType: JSON_CONTENT_TYPE, body };
    });
  }

  /** The notice to the persons, from the saved draft only (CONFLICT while none is saved). */
  async personNotice(ctx: RequestContext, id: string, lang: Lang): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const row = await draftedIncident(tx, id, 'export the person notice of');
      const draft = await this.drafts.current(tx, row);
      if (!draft.saved)
        throw new ConflictError(
          `Incident ${row.number} has no saved report draft: the notice to the persons is made from the draft the CPO saved (saveIncidentReportDraft).`,
        );
      const body = await pdfFile(
        personNoticeDocument({ number: row.number, draft, office: this.office }, lang),
      );
      await this.exported(tx, row, 'IncidentPersonNotice', {
        lang,
        draftVersion: draft.version,
        sha256: fileDigest(body),
      });
      return {
        filename: `${row.number}-person-notice-${lang}.pdf`,
        contentType: PDF_CONTENT_TYPE,
        body,
      };
    });
  }

  private async reportData(
    tx: RequestContext,
    row: IncidentRow,
    stage: ReportStage,
  ): Promise<ReportData> {
    const checkpoint = await this.stamps.latest(tx.manager);
    const draft = await this.drafts.current(tx, row);
    const scope = await this.reportability.summary(tx, row.id);
    // A report never understates: a saved count below what the scope now holds is refused.
    if (draft.saved && draft.persons < scope.persons)
      throw new ConflictError(
        `Incident ${row.number}'s saved draft counts ${draft.persons} person(s); its scope now holds ${scope.persons}: update the draft (saveIncidentReportDraft) first.`,
      );
    const decided = await this.reportability.current(tx, row);
    return {
      number: row.number,
      stage,
      madeOn: todayInJapan(),
      kind: row.kind,
      cause: row.cause,
      wrongfulPurpose: row.wrongful_purpose,
      discoveredAt: row.discovered_at,
      awareAt: row.aware_at,
      preliminaryDueOn: row.preliminary_due_on,
      preliminaryOverdueOn: row.preliminary_overdue_on,
      finalDueOn: row.final_due_on,
      finalDueBusinessDay: deadlineBusinessDay(row.final_due_on),
      reportability: {
        reportable: decided.reportable,
        grounds: decided.reasons.map((r) => r.rule),
        exempt: decided.exempt,
        clientReports: decided.clientReports,
      },
      scope,
      draft,
      draftVersion: draft.version,
      draftEditedAt: draft.editedAt,
      office: this.office,
      checkpoint,
    };
  }

  private async nextStage(tx: RequestContext, row: IncidentRow): Promise<ReportStage> {
    const [preliminary] = await tx.manager.query<{ stage: string }[]>(
      `SELECT stage FROM incident_reports WHERE incident_id = $1 AND stage = $2`,
      [row.id, ReportStage.PRELIMINARY],
    );
    return preliminary ? ReportStage.FINAL : ReportStage.PRELIMINARY;
  }

  /** The EXPORT entry of a download: which document, the checkpoint, the file's digest. */
  private exported(
    tx: RequestContext,
    row: IncidentRow,
    targetType: string,
    details: Record<string, string | number>,
  ) {
    return this.ledger.append(tx, {
      action: LedgerAction.EXPORT,
      targetType,
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: { number: row.number, ...details },
    });
  }
}
