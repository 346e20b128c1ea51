import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { policySubject, recordDenial, type RequestContext } from '@daicho/access';
import { HoldingsKeys, newSealedFile, sealInFile, SubjectMarks } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  DomainEventType,
  ForbiddenError,
  LedgerAction,
  nextYearlyNumber,
  Outbox,
  returnedRow,
  todayInJapan,
  isGiven,
} from '@daicho/platform';
import { IncidentStage } from '../incident-enums';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import { incidentToRun } from './incident-access';
import {
  assertClosable,
  assertInCatalog,
  assertWrongfulCause,
  noPersonalDataFinding,
} from './incident-checks';
import { incidentClocks } from './incident-clocks';
import type {
  CorrectIncidentInput,
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
    private readonly outbox: Outbox,
  ) {}

  async report(ctx: RequestContext, input: ReportIncidentInput): Promise<IncidentRow> {
    if (input.awareAt < input.discoveredAt)
      throw new BadUserInputError(
        'awareAt lies before discoveredAt: the company becomes aware of an incident when or after it is found.',
        ['awareAt'],
      );
    assertWrongfulCause(input.cause, input.wrongfulPurpose);
    const categories = [...new Set(input.categoryCodes)].sort();
    const systems = [...new Set(input.systemCodes)].sort();
    // Codes are checked against the catalog first: a refusal records only a code that exists
    // (an unknown one could carry anything, e.g. a phone number shaped as a code).
    await ctx.transaction(async (tx) => {
      await assertInCatalog(tx, 'data_categories', categories, 'categoryCodes');
      await assertInCatalog(tx, 'storage_systems', systems, 'systemCodes');
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
      await assertInCatalog(tx, 'data_categories', categories, 'categoryCodes');
      await assertInCatalog(tx, 'storage_systems', systems, 'systemCodes');
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
      await this.outbox.publish(tx.manager, DomainEventType.INCIDENT_REPORTED, {
        incidentId: row.id,
        number: row.number,
        kind: row.kind,
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
      const finding = input.noPersonalDataAffected
        ? await noPersonalDataFinding(tx, row, input)
        : row.no_personal_data_found_on;
      if (input.stage === IncidentStage.CLOSED)
        await assertClosable(tx, this.reportability, {
          ...row,
          no_personal_data_found_on: finding,
        });
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
                no_personal_data_found_on = $4, updated_at = now(), version = version + 1
          WHERE i.id = $1 RETURNING ${INCIDENT_SELECT}`,
        [row.id, input.stage, closed, finding],
      );
      // An incident's holds end with it (the sweeper may dispose of its records again).
      const lifted = closed ? await this.marks.release(tx, { kind: 'INCIDENT', id: row.id }) : 0;
      await this.entry(tx, row, LedgerAction.INCIDENT_STEP, {
        from: row.stage,
        stage: input.stage,
        holdsLifted: lifted,
        ...(input.noPersonalDataAffected ? { noPersonalDataFoundOn: finding } : {}),
      });
      const updated = returnedRow(saved ?? [], 'incident step');
      if (input.noPersonalDataAffected) await this.reportability.decide(tx, updated);
      return updated;
    });
  }

  /**
   * Corrects the facts the clocks and Rule 7 run from (an investigation learns when the company
   * really became aware, or that an insider acted on purpose): the dates are computed again,
   * before and after go to the ledger, reportability is decided again.
   */
  async correct(
    ctx: RequestContext,
    id: string,
    input: CorrectIncidentInput,
  ): Promise<IncidentRow> {
    // null is no value (each falls back to what is held): all three null correct nothing.
    if (![input.awareAt, input.cause, input.wrongfulPurpose].some(isGiven))
      throw new BadUserInputError('Give awareAt, cause or wrongfulPurpose: what to correct.', [
        'awareAt',
      ]);
    return ctx.transaction(async (tx) => {
      const row = await incidentToRun(tx, id, 'correct');
      if (row.stage === IncidentStage.CLOSED)
        throw new ConflictError(`Incident ${row.number} is closed: its facts are final.`);
      const awareAt = input.awareAt ?? row.aware_at;
      const cause = input.cause ?? row.cause;
      const wrongful = input.wrongfulPurpose ?? row.wrongful_purpose;
      if (awareAt < row.discovered_at)
        throw new BadUserInputError(
          'awareAt lies before the incident was discovered: the company becomes aware when or after it is found.',
          ['awareAt'],
        );
      assertWrongfulCause(cause, wrongful);
      const clocks = incidentClocks(awareAt, wrongful);
      if (
        awareAt > row.aware_at ||
        clocks.preliminaryDueOn > row.preliminary_due_on ||
        clocks.finalDueOn > row.final_due_on
      )
        await assertNoReportSent(tx, row);
      const [saved] = await tx.manager.query<IncidentRow[][]>(
        `UPDATE incidents i SET aware_at = $2, cause = $3, wrongful_purpose = $4,
                preliminary_due_on = $5, preliminary_overdue_on = $6, final_due_on = $7,
                updated_at = now(), version = version + 1
          WHERE i.id = $1 RETURNING ${INCIDENT_SELECT}`,
        [
          row.id,
          awareAt,
          cause,
          wrongful,
          clocks.preliminaryDueOn,
          clocks.preliminaryOverdueOn,
          clocks.finalDueOn,
        ],
      );
      const updated = returnedRow(saved ?? [], 'incident correction');
      await this.entry(tx, row, LedgerAction.INCIDENT_CORRECTED, {
        awareAt: awareAt.toISOString(),
        previousAwareAt: row.aware_at.toISOString(),
        cause,
        previousCause: row.cause,
        wrongfulPurpose: wrongful,
        previousWrongfulPurpose: row.wrongful_purpose,
        preliminaryDueOn: clocks.preliminaryDueOn,
        previousPreliminaryDueOn: row.preliminary_due_on,
        finalDueOn: clocks.finalDueOn,
        previousFinalDueOn: row.final_due_on,
      });
      await this.reportability.decide(tx, updated);
      return updated;
    });
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

/**
 * A correction that moves awareness or a deadline later (a later awareAt; a wrongful purpose
 * found, 30 days becoming 60) once a report went to the PPC would make a late report read as
 * timely (PPC Rule 8: the clocks run from awareness); the report sent stands as sent, so such a
 * correction is made with the PPC, not here. One that moves them earlier is always allowed.
 */
async function assertNoReportSent(tx: RequestContext, row: IncidentRow): Promise<void> {
  const [sent] = await tx.manager.query<{ stage: string }[]>(
    `SELECT stage FROM incident_reports WHERE incident_id = $1 ORDER BY submitted_on LIMIT 1`,
    [row.id],
  );
  if (sent)
    throw new BadUserInputError(
      `Incident ${row.number} already has its ${sent.stage} report to the PPC, judged by the clocks recorded; this correction would make awareness or a deadline later. Correct it with the PPC; here the clocks may only move earlier.`,
      ['awareAt'],
    );
}
