import { Inject, Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import { HoldingsKeys, openInFile, sealInFile } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { ConflictError, ForbiddenError, LedgerAction, returnedRow } from '@daicho/platform';
import { IncidentStage } from '../incident-enums';
import { incidentToRun, visibleIncident } from '../incident/incident-access';
import { IncidentRegister } from '../incident/incident-register.service';
import { incidentTextAad, type IncidentRow } from '../incident/incident-row';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import {
  changedItems,
  DRAFT_ITEMS,
  draftOf,
  parseDraft,
  prefilledDraft,
  type ReportDraft,
} from './report-draft';
import type { IncidentReportDraftInput } from './report-draft.inputs';
import { scopeItems } from './scope-items';

/** A draft as the CPO sees it: the nine items, the version, whether it was saved. */
export interface ReportDraftView extends ReportDraft {
  incidentId: string;
  number: string;
  version: number;
  saved: boolean;
  editedAt: Date | null;
}

interface DraftRow {
  sealed_draft: Buffer;
  version: number;
  edited_at: Date;
}

const DRAFT_AAD = (incidentId: string) => incidentTextAad(incidentId, 'reportDraft');

/**
 * The draft of an incident's report to the PPC (APPI art. 26(1); PPC Rule 8(1)), the CPO's
 * alone: prefilled from the register and the scope until saved, then the saved one, sealed as
 * one JSON in the incident's key file. Saving checks the version the edit was made from (two
 * editors never overwrite each other silently); every look is a READ entry, every save an
 * INCIDENT_REPORT_DRAFTED entry naming the items changed, never their text.
 */
@Injectable()
export class IncidentReportDrafts {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly register: IncidentRegister,
    private readonly reportability: IncidentReportability,
  ) {}

  async draft(ctx: RequestContext, id: string): Promise<ReportDraftView> {
    return ctx.transaction(async (tx) => {
      const row = await draftedIncident(tx, id, 'read the report draft of');
      const view = await this.current(tx, row);
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'IncidentReportDraft',
        targetId: row.id,
        purposeCode: 'INCIDENT_RESPONSE',
        fields: DRAFT_ITEMS,
        details: { number: row.number, version: view.version, saved: view.saved },
      });
      return view;
    });
  }

  async save(
    ctx: RequestContext,
    id: string,
    input: IncidentReportDraftInput,
  ): Promise<ReportDraftView> {
    return ctx.transaction(async (tx) => {
      // The incident's lock orders two saves of the same draft (the first one creates the row).
      const row = await incidentToRun(tx, id, 'save the report draft of');
      if (row.stage === IncidentStage.CLOSED)
        throw new ConflictError(`Incident ${row.number} is closed: its report is final.`);
      const stored = await this.stored(tx, row.id);
      const version = stored?.version ?? 0;
      const from = input.version ?? 0;
      if (from !== version)
        throw new ConflictError(
          `The report draft of incident ${row.number} is at version ${version}; this edit was made from version ${from}. Read the draft again and make the edit on it.`,
        );
      const before = stored ? await this.open(tx, row, stored) : await this.prefilled(tx, row);
      const draft = draftOf(input);
      const sealed = await sealInFile(
        tx,
        this.keys,
        row.file_id,
        DRAFT_AAD(row.id),
        JSON.stringify(draft),
      );
      const editor = tx.actor.id ?? tx.actor.kind;
      const next = version + 1;
      let rows: { edited_at: Date }[];
      if (stored) {
        const [updated] = await tx.manager.query<{ edited_at: Date }[][]>(
          `UPDATE incident_report_drafts
              SET sealed_draft = $2, edited_by = $3, edited_at = now(), version = $4
            WHERE incident_id = $1 AND version = $5 RETURNING edited_at`,
          [row.id, sealed, editor, next, version],
        );
        rows = updated ?? [];
      } else {
        rows = await tx.manager.query<{ edited_at: Date }[]>(
          `INSERT INTO incident_report_drafts (incident_id, sealed_draft, edited_by, version)
           VALUES ($1, $2, $3, $4) RETURNING edited_at`,
          [row.id, sealed, editor, next],
        );
      }
      const saved = returnedRow(rows, 'incident report draft');
      await this.register.entry(tx, row, LedgerAction.INCIDENT_REPORT_DRAFTED, {
        version: next,
        persons: draft.persons,
        changed: changedItems(before, draft),
      });
      return this.view(row, draft, next, saved.edited_at);
    });
  }

  /** The draft as it stands (saved, or prefilled), with no entry: for the downloads. */
  async current(tx: RequestContext, row: IncidentRow): Promise<ReportDraftView> {
    const stored = await this.stored(tx, row.id);
    if (stored)
      return this.view(row, await this.open(tx, row, stored), stored.version, stored.edited_at);
    return this.view(row, await this.prefilled(tx, row), 0, null);
  }

  private async stored(tx: RequestContext, incidentId: string): Promise<DraftRow | undefined> {
    const [stored] = await tx.manager.query<DraftRow[]>(
      `SELECT sealed_draft, version, edited_at FROM incident_report_drafts WHERE incident_id = $1`,
      [incidentId],
    );
    return stored;
  }

  private async open(tx: RequestContext, row: IncidentRow, stored: DraftRow) {
    const [json] = await openInFile(tx, this.keys, row.file_id, [
      { aad: DRAFT_AAD(row.id), bytes: stored.sealed_draft },
    ]);
    return parseDraft(json ?? '');
  }

  private async prefilled(tx: RequestContext, row: IncidentRow): Promise<ReportDraft> {
    const [title, description] = await openInFile(tx, this.keys, row.file_id, [
      { aad: incidentTextAad(row.id, 'title'), bytes: row.sealed_title },
      { aad: incidentTextAad(row.id, 'description'), bytes: row.sealed_description },
    ]);
    const scope = await this.reportability.summary(tx, row.id);
    return prefilledDraft({
      kind: row.kind,
      cause: row.cause,
      discoveredAt: row.discovered_at,
      awareAt: row.aware_at,
      title: title ?? '',
      description: description ?? '',
      persons: scope.persons,
      scopeItems: await scopeItems(tx, row.id),
    });
  }

  private view(
    row: IncidentRow,
    draft: ReportDraft,
    version: number,
    editedAt: Date | null,
  ): ReportDraftView {
    return {
      ...draft,
      incidentId: row.id,
      number: row.number,
      version,
      saved: version > 0,
      editedAt,
    };
  }
}

/**
 * An incident whose report the caller may draft or download: the CPO's (update Incident; other
 * roles FORBIDDEN, recorded), then the id (NOT_FOUND, recorded). Not locked: a look.
 */
export async function draftedIncident(
  tx: RequestContext,
  id: string,
  operation: string,
): Promise<IncidentRow> {
  if (!tx.ability.can('update', 'Incident')) {
    throw await recordDenial(
      tx,
      { operation, type: 'Incident', id },
      new ForbiddenError(`Your role (${tx.role}) may not ${operation} incidents.`),
    );
  }
  return visibleIncident(tx, id);
}
