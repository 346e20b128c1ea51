import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { policySubject, recordDenial, type RequestContext } from '@daicho/access';
import { HoldingsKeys, newSealedFile, sealInFile, SubjectMarks } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  LedgerAction,
  nextYearlyNumber,
  returnedRow,
  todayInJapan,
} from '@daicho/platform';
import { IncidentStage, ReportStage } from '../incident-enums';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import { incidentToRun } from './incident-access';
import { incidentClocks } from './incident-clocks';
import type {
  IncidentExemptionInput,
  RecordIncidentStepInput,
  ReportIncidentInput,
} from './incident.inputs';
import { INCIDENT_SELECT, incidentTextAad, type IncidentRow } from './incident-row';

const STAGE_ORDER = [
  IncidentStage.DETECTED,
  IncidentStage.CONTAINED,
  IncidentStage.INVESTIGATED,
  IncidentStage.CLOSED,
];

/**
 * The incident register (APPI art. 26; policy item 3: corrective action "promptly"): a department
 * reports what it found in its own categories, the CPO anything; the CPO moves it through its
 * stages. Titles, descriptions and notes are sealed in the incident's own file (they often name
 * people); the ledger gets codes and dates only.
 */
@Injectable()
export class IncidentRegister {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly marks: SubjectMarks,
    private readonly reportability: IncidentReportability,
  ) {}

  async report(ctx: RequestContext, input: ReportIncidentInput): Promise<IncidentRow> {
    if (input.awareAt < input.discoveredAt)
      throw new BadUserInputError(
        'awareAt lies before discoveredAt: the company becomes aware of an incident when or after it is found.',
        ['awareAt'],
      );
    const categories = [...new Set(input.categoryCodes)].sort();
    const systems = [...new Set(input.systemCodes)].sort();
    // Codes are checked against the catalog first: a refusal records only a code that exists
    // (an unknown one could carry anything, e.g. a phone number shaped as a code).
    await ctx.transaction(async (tx) => {
      await this.known(tx, 'data_categories', categories, 'categoryCodes');
      await this.known(tx, 'storage_systems', systems, 'systemCodes');
    });
    const refused = categories.find(
      (code) => !ctx.ability.can('create', policySubject('Incident', { categoryCode: code })),
    );
    if (refused) {
      throw await recordDenial(
        ctx,
        { operation: 'report Incident', type: 'Incident', categoryCode: refused },
        new ForbiddenError(
          `Your role (${ctx.role}) may report incidents in its own categories only; categoryCodes names one that is not.`,
        ),
      );
    }
    return ctx.transaction(async (tx) => {
      await this.known(tx, 'data_categories', categories, 'categoryCodes');
      await this.known(tx, 'storage_systems', systems, 'systemCodes');
      const id = randomUUID();
      const fileId = await newSealedFile(tx, this.keys);
      const seal = (field: string, text: string) =>
        sealInFile(tx, this.keys, fileId, incidentTextAad(id, field), text);
      const clocks = incidentClocks(input.awareAt, input.wrongfulPurpose);
      const year = Number(todayInJapan(input.awareAt).slice(0, 4));
      const row = returnedRow(
        await tx.manager.query<IncidentRow[]>(
          `INSERT INTO incidents AS i (id, number, kind, cause, wrongful_purpose, stage,
             discovered_at, aware_at, preliminary_due_on, preliminary_overdue_on, final_due_on,
             category_codes, system_codes, file_id, sealed_title, sealed_description,
             reported_by, reported_by_role)
           VALUES ($1, $2, $3, $4, $5, 'DETECTED', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
             $16, $17)
           RETURNING ${INCIDENT_SELECT}`,
          [
            id,
            await nextYearlyNumber(tx.manager, 'incident_numbers', year, 'awareAt'),
            input.kind,
            input.cause,
            input.wrongfulPurpose,
            input.discoveredAt,
            input.awareAt,
            clocks.preliminaryDueOn,
            clocks.preliminaryOverdueOn,
            clocks.finalDueOn,
            categories,
            systems,
            fileId,
            await seal('title', input.title),
            await seal('description', input.description),
            tx.actor.id ?? tx.actor.kind,
            tx.actor.role,
          ],
        ),
        'incident report',
      );
      await this.entry(tx, row, LedgerAction.INCIDENT_REPORTED, {
        kind: row.kind,
        cause: row.cause,
        wrongfulPurpose: row.wrongful_purpose,
        categories,
        systems,
        preliminaryDueOn: row.preliminary_due_on,
        finalDueOn: row.final_due_on,
      });
      await this.reportability.decide(tx, row);
      return row;
    });
  }

  /** A step: what was done at a stage (the same again, or a later one; never back). */
  async recordStep(
    ctx: RequestContext,
    id: string,
    input: RecordIncidentStepInput,
  ): Promise<IncidentRow> {
    return ctx.transaction(async (tx) => {
      const row = await incidentToRun(tx, id, 'record a step on');
      const from = STAGE_ORDER.indexOf(row.stage);
      const to = STAGE_ORDER.indexOf(input.stage);
      if (row.stage === IncidentStage.CLOSED)
        throw new ConflictError(`Incident ${row.number} is closed: it takes no more steps.`);
      if (to < from)
        throw new BadUserInputError(
          `stage: incident ${row.number} is ${row.stage}; a step records that stage or a later one.`,
          ['stage'],
        );
      if (input.actedAt < row.discovered_at)
        throw new BadUserInputError('actedAt lies before the incident was discovered.', [
          'actedAt',
        ]);
      if (input.stage === IncidentStage.CLOSED) await this.closable(tx, row);
      const stepId = randomUUID();
      const note = await sealInFile(
        tx,
        this.keys,
        row.file_id,
        incidentTextAad(row.id, `step:${stepId}`),
        input.note,
      );
      await tx.manager.query(
        `INSERT INTO incident_steps (id, incident_id, stage, sealed_note, acted_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [stepId, row.id, input.stage, note, input.actedAt, tx.actor.id ?? tx.actor.kind],
      );
      const closed = input.stage === IncidentStage.CLOSED;
      const [saved] = await tx.manager.query<IncidentRow[][]>(
        `UPDATE incidents i SET stage = $2, closed_at = CASE WHEN $3 THEN now() ELSE NULL END,
                updated_at = now(), version = version + 1
          WHERE i.id = $1 RETURNING ${INCIDENT_SELECT}`,
        [row.id, input.stage, closed],
      );
      // An incident's holds end with it (the sweeper may dispose of its records again).
      const lifted = closed ? await this.marks.release(tx, { kind: 'INCIDENT', id: row.id }) : 0;
      await this.entry(tx, row, LedgerAction.INCIDENT_STEP, {
        from: row.stage,
        stage: input.stage,
        holdsLifted: lifted,
      });
      return returnedRow(saved ?? [], 'incident step');
    });
  }

  /** Records whether high-grade encryption whose key did not leak exempts the incident (Rule 7). */
  async setExemption(
    ctx: RequestContext,
    id: string,
    input: IncidentExemptionInput,
  ): Promise<IncidentRow> {
    return ctx.transaction(async (tx) => {
      const row = await incidentToRun(tx, id, 'record the encryption of');
      if (row.stage === IncidentStage.CLOSED)
        throw new ConflictError(`Incident ${row.number} is closed.`);
      const exempt = input.highGradeEncryption && !input.keyLeaked;
      const note = await sealInFile(
        tx,
        this.keys,
        row.file_id,
        incidentTextAad(row.id, 'exemptionNote'),
        input.note,
      );
      const [saved] = await tx.manager.query<IncidentRow[][]>(
        `UPDATE incidents i SET encryption_exempt = $2, sealed_exemption_note = $3,
                updated_at = now(), version = version + 1
          WHERE i.id = $1 RETURNING ${INCIDENT_SELECT}`,
        [row.id, exempt, note],
      );
      const updated = returnedRow(saved ?? [], 'incident exemption');
      await this.entry(tx, row, LedgerAction.INCIDENT_EXEMPTION, {
        highGradeEncryption: input.highGradeEncryption,
        keyLeaked: input.keyLeaked,
        exempt,
      });
      await this.reportability.decide(tx, updated);
      return updated;
    });
  }

  /** A reportable incident closes only once its final report went to the PPC (Rule 8). */
  private async closable(tx: RequestContext, row: IncidentRow) {
    const decided = await this.reportability.current(tx, row);
    if (!decided.reportable) return;
    // As the contractor, notifying the client discharges the company's duty; the client reports
    // (APPI art. 26(1) proviso; PPC Rule 9).
    if (decided.clientReports) {
      const [notified] = await tx.manager.query<{ id: string }[]>(
        `SELECT id FROM incident_client_notices WHERE incident_id = $1 LIMIT 1`,
        [row.id],
      );
      if (notified) return;
      throw new ConflictError(
        `Incident ${row.number} affects a client's entrusted data: record the notice to the client (recordClientNotice) before closing it.`,
      );
    }
    const [final] = await tx.manager.query<{ id: string }[]>(
      `SELECT id FROM incident_reports WHERE incident_id = $1 AND stage = $2`,
      [row.id, ReportStage.FINAL],
    );
    if (!final)
      throw new ConflictError(
        `Incident ${row.number} is reportable (PPC Rule 7): record its FINAL report (recordReport) before closing it.`,
      );
  }

  private async known(tx: RequestContext, table: string, codes: string[], field: string) {
    if (codes.length === 0) return;
    const found = await tx.manager.query<{ code: string }[]>(
      `SELECT code FROM ${table} WHERE code = ANY($1::text[])`,
      [codes],
    );
    const missing = codes.find((c) => !found.some((f) => f.code === c));
    if (missing)
      throw new BadUserInputError(`${field}[${codes.indexOf(missing)}] is not in the catalog.`, [
        field,
      ]);
  }

  /** A ledger entry about the incident: its id and codes only. */
  entry(
    tx: RequestContext,
    row: IncidentRow,
    action: LedgerAction,
    details: Record<string, string | number | boolean | null | readonly string[]>,
  ) {
    return this.ledger.append(tx, {
      action,
      targetType: 'Incident',
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: { number: row.number, ...details },
    });
  }
}
