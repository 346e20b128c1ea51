import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  lockSubjectsExclusive,
  RecordReader,
  RecordWriter,
  SubjectMark,
  SubjectMarks,
} from '@daicho/holdings';
import { CategoryService } from '@daicho/inventory';
import { SubjectProvisionRecords } from '@daicho/provisions';
import {
  BadUserInputError,
  ConflictError,
  DomainEventType,
  LedgerAction,
  Outbox,
} from '@daicho/platform';
import { RequestKind, RequestOutcome, RequestStatus } from '../request-enums';
import { SuspensionMeasure, type ExecuteRequestInput } from './request.inputs';
import { requestToRun } from './request-access';
import { claimExecution, ExecutionMeasure, measureFor, type ErasurePlan } from './request-claims';
import { RequestErasure } from './request-erasure';
import { REQUEST_PURPOSE } from './request-intake.service';
import type { RequestRow } from './request-row';
import { RequestSteps } from './request-steps.service';
import { retainedRecords } from './retained-records';
import { answeredHandOffs } from './answered-hand-offs';
import {
  answeredRecords,
  decidedWithholding,
  withheldItemsOf,
  withholdsCategory,
  type Withholding,
} from './request-withholding';

/** What carrying out a request did, in counts and codes (kept with the request, never values). */
export interface ExecutionSummary {
  persons: number;
  records: number;
  categoryCodes: string[];
  measures: string[];
}

/** The persons, in id order, with a retained record among `records`. */
const withRetained = (records: readonly { subject_id: string }[]) =>
  [...new Set(records.map((r) => r.subject_id))].sort();

/** Kinds that answer with what is held: with nobody held, the answer says so (arts. 32(3), 33(3)). */
const ANSWERING: readonly RequestKind[] = [
  RequestKind.PURPOSE_NOTICE,
  RequestKind.DISCLOSURE,
  RequestKind.PROVISION_RECORDS,
];

/**
 * Carries out a decided request against the holdings (APPI arts. 32–35); each touch writes its
 * own ledger entry (READ, UPDATE, ERASE, USE_SUSPENDED, PROVISION_STOPPED) in the same
 * transaction as the REQUEST_EXECUTED entry that names the request. Only the company's retained
 * data is answered: categories that are not disclosure targets (a client's entrusted data) are
 * referred to the client instead (policy §5).
 */
@Injectable()
export class RequestExecution {
  constructor(
    private readonly steps: RequestSteps,
    private readonly reader: RecordReader,
    private readonly writer: RecordWriter,
    private readonly erasure: RequestErasure,
    private readonly marks: SubjectMarks,
    private readonly categories: CategoryService,
    private readonly provisionRecords: SubjectProvisionRecords,
    private readonly outbox: Outbox,
  ) {}

  async execute(ctx: RequestContext, id: string, input: ExecuteRequestInput): Promise<RequestRow> {
    // The execution is claimed with its measure under the request's lock first. An erasure then
    // commits per person (each journalled outside the database) before the request's own
    // transaction; a repeated call with the same claim skips persons already erased.
    const erasing = await ctx.transaction(async (tx) => {
      const { row, subjectIds, input: decided, withheld } = await this.executable(tx, id, input);
      const measure = measureFor(row.kind, decided);
      if (measure !== ExecutionMeasure.ERASED) {
        await claimExecution(tx, row, measure, null);
        return null;
      }
      const held = answeredRecords(await retainedRecords(tx, subjectIds), withheld);
      await claimExecution(tx, row, measure, {
        records: held.length,
        categoryCodes: [...new Set(held.map((r) => r.category_code))].sort(),
      });
      // The request's own holds end here: erasure is what the person asked for.
      await this.marks.release(tx, { kind: 'REQUEST', id: row.id });
      return { row, subjectIds, withheld };
    });
    if (erasing) await this.erasure.erase(ctx, erasing.row, erasing.subjectIds, erasing.withheld);
    return ctx.transaction(async (tx) => {
      const { row, subjectIds, input: decided, withheld } = await this.executable(tx, id, input);
      const measure = measureFor(row.kind, decided);
      const plan = await claimExecution(tx, row, measure, null);
      const summary = await this.carryOut(tx, row, subjectIds, decided, measure, plan, withheld);
      await tx.manager.query(
        `INSERT INTO request_executions (request_id, summary, executed_by) VALUES ($1, $2, $3)`,
        [id, JSON.stringify(summary), tx.actor.id ?? tx.actor.kind],
      );
      await this.steps.entry(tx, row, LedgerAction.REQUEST_EXECUTED, {
        persons: summary.persons,
        records: summary.records,
        categories: summary.categoryCodes,
        measures: summary.measures,
      });
      await this.outbox.publish(tx.manager, DomainEventType.REQUEST_EXECUTED, {
        requestId: id,
        number: row.number,
        kind: row.kind,
        measure,
        persons: summary.persons,
        records: summary.records,
      });
      return row;
    });
  }

  private async executable(tx: RequestContext, id: string, given: ExecuteRequestInput) {
    const row = await requestToRun(tx, id, 'execute');
    if (row.status !== RequestStatus.DECIDED)
      throw new ConflictError(
        `Request ${row.number} is ${row.status}: only a decided request is carried out.`,
      );
    const [done] = await tx.manager.query<
      { outcome: RequestOutcome; executed: boolean; measure: SuspensionMeasure | null }[]
    >(
      `SELECT d.outcome, d.measure,
              EXISTS (SELECT 1 FROM request_executions e WHERE e.request_id = d.request_id) AS executed
         FROM request_decisions d WHERE d.request_id = $1`,
      [id],
    );
    if (done?.outcome === RequestOutcome.REFUSE)
      throw new BadUserInputError(
        `Request ${row.number} was refused: there is nothing to carry out.`,
        ['requestId'],
      );
    if (done?.executed) throw new ConflictError(`Request ${row.number} was already carried out.`);
    // An explicit null is no answer: the measure a request is carried out with is said, never assumed.
    const needsCorrections = row.kind === RequestKind.CORRECTION;
    if (needsCorrections !== (given.corrections ?? []).length > 0)
      throw new BadUserInputError(
        needsCorrections
          ? 'corrections: say which items of which records to correct.'
          : `corrections are for a CORRECTION, not ${row.kind}.`,
        ['corrections'],
      );
    // The decision fixes the measure when it names one: the execution carries out what was decided.
    if (done?.measure && given.measure && given.measure !== done.measure)
      throw new BadUserInputError(
        `measure: request ${row.number} was decided with ${done.measure}; carry that out (or leave measure out).`,
        ['measure'],
      );
    const input: ExecuteRequestInput = done?.measure ? { ...given, measure: done.measure } : given;
    const needsMeasure = row.kind === RequestKind.SUSPENSION_OR_ERASURE;
    if (needsMeasure !== ((input.measure ?? null) !== null))
      throw new BadUserInputError(
        needsMeasure
          ? 'measure: SUSPEND_USE or ERASE (APPI art. 35(1)).'
          : `measure is for a SUSPENSION_OR_ERASURE, not ${row.kind}.`,
        ['measure'],
      );
    const subjectIds = await this.matched(tx, id);
    this.checkPersons(row, subjectIds, input);
    const withheld = await decidedWithholding(tx, id);
    if (
      done?.outcome === RequestOutcome.PARTIAL &&
      withheld.categoryCodes.length + withheld.items.length === 0
    )
      throw new ConflictError(
        `Request ${row.number} was decided PARTIAL without naming the part held back (a decision from before parts were recorded): carried out, it would answer everything.`,
      );
    if (needsCorrections) await this.checkCorrections(tx, subjectIds, input, withheld);
    return { row, subjectIds, input, withheld };
  }

  /** Every correction names an active retained record of a matched person (checked before the claim). */
  private async checkCorrections(
    tx: RequestContext,
    subjectIds: readonly string[],
    input: ExecuteRequestInput,
    withheld: Withholding,
  ) {
    const ours = new Map(
      (await retainedRecords(tx, subjectIds)).map((r) => [r.id, r.category_code]),
    );
    const corrections = input.corrections ?? [];
    const stranger = corrections.findIndex((c) => !ours.has(c.recordId));
    if (stranger >= 0)
      throw new BadUserInputError(
        `corrections[${stranger}].recordId is not an active record of a person matched to this request.`,
        [`corrections.${stranger}.recordId`],
      );
    // The part a PARTIAL decision declined is not corrected (art. 34(2)).
    for (const [i, c] of corrections.entries()) {
      const code = ours.get(c.recordId) ?? '';
      if (withholdsCategory(withheld, code))
        throw new BadUserInputError(
          `corrections[${i}].recordId is in a category the decision declined to correct.`,
          [`corrections.${i}.recordId`],
        );
      const declined = withheldItemsOf(withheld, code);
      const item = c.values.findIndex((v) => declined.has(v.key));
      if (item >= 0)
        throw new BadUserInputError(
          `corrections[${i}].values[${item}] is an item the decision declined to correct.`,
          [`corrections.${i}.values.${item}.key`],
        );
    }
  }

  /**
   * Nobody matched is an answer only when said so (noneHeld): "we hold nothing about you" must be
   * a finding, never the default of a search not yet done.
   */
  private checkPersons(row: RequestRow, subjectIds: readonly string[], input: ExecuteRequestInput) {
    if (input.noneHeld !== undefined && !ANSWERING.includes(row.kind))
      throw new BadUserInputError(`noneHeld is for ${ANSWERING.join(', ')}, not ${row.kind}.`, [
        'noneHeld',
      ]);
    if (subjectIds.length > 0 && input.noneHeld)
      throw new BadUserInputError(
        `noneHeld: ${subjectIds.length} person(s) are matched to request ${row.number}; it holds their data.`,
        ['noneHeld'],
      );
    if (subjectIds.length === 0 && !input.noneHeld)
      throw new BadUserInputError(
        ANSWERING.includes(row.kind)
          ? 'Match the persons found (matchRequestSubjects), or say noneHeld: true when the search found no one held.'
          : 'Match the person first (matchRequestSubjects): nobody to carry this out on.',
        ['requestId'],
      );
  }

  private async matched(tx: RequestContext, id: string): Promise<string[]> {
    const rows = await tx.manager.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM request_subjects WHERE request_id = $1 ORDER BY subject_id`,
      [id],
    );
    return rows.map((r) => r.subject_id);
  }

  private async carryOut(
    tx: RequestContext,
    row: RequestRow,
    subjectIds: readonly string[],
    input: ExecuteRequestInput,
    measure: ExecutionMeasure,
    plan: ErasurePlan | null,
    withheld: Withholding,
  ): Promise<ExecutionSummary> {
    if (measure === ExecutionMeasure.NONE_HELD) {
      return { persons: 0, records: 0, categoryCodes: [], measures: [measure] };
    }
    if (measure === ExecutionMeasure.ERASED) return this.erased(tx, subjectIds, plan, withheld);
    // Whole categories a PARTIAL decision declined are not answered, read or touched.
    const records = answeredRecords(await retainedRecords(tx, subjectIds), withheld);
    const categoryCodes = [...new Set(records.map((r) => r.category_code))].sort();
    const summary = (measures: string[], touched = records.length): ExecutionSummary => ({
      persons: subjectIds.length,
      records: touched,
      categoryCodes,
      measures,
    });
    switch (row.kind) {
      case RequestKind.PURPOSE_NOTICE:
        // The purposes come from the catalog; which categories hold the person is the look recorded.
        for (const subjectId of subjectIds) {
          await this.steps.entry(
            tx,
            { ...row, requester_subject_id: subjectId },
            LedgerAction.READ,
            {
              request: row.id,
              categories: records
                .filter((r) => r.subject_id === subjectId)
                .map((r) => r.category_code),
            },
          );
        }
        for (const code of categoryCodes) await this.categories.get(tx, code);
        return summary(['PURPOSES_NOTIFIED']);
      case RequestKind.DISCLOSURE:
        for (const record of records) {
          await this.reader.read(tx, record.id, REQUEST_PURPOSE, {
            withhold: withheldItemsOf(withheld, record.category_code),
          });
        }
        return summary(['DISCLOSED']);
      case RequestKind.PROVISION_RECORDS: {
        let found = 0;
        for (const subjectId of subjectIds) {
          const answered = answeredHandOffs(
            await this.provisionRecords.forSubject(tx, subjectId),
            withheld,
          );
          found += answered.provisions.length + answered.receipts.length;
        }
        return summary(['PROVISION_RECORDS_DISCLOSED'], found);
      }
      case RequestKind.CORRECTION: {
        // Persons first, in id order, then records in id order: the lock order of every step.
        // Exclusive from the start: each correction rebuilds the person's digests under an
        // exclusive lock, and a shared lock taken first would have to be upgraded.
        await lockSubjectsExclusive(tx, subjectIds);
        const corrections = [...(input.corrections ?? [])].sort((a, b) =>
          a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0,
        );
        for (const c of corrections) {
          const values = Object.fromEntries(c.values.map((v) => [v.key, v.value]));
          await this.writer.correctForRequest(tx, c.recordId, values, row.id);
        }
        return summary(['CORRECTED'], corrections.length);
      }
      // A mark is on the whole person: only persons the company holds data of its own about are
      // marked; one held only in a client's entrusted data is the client's to decide (policy §5).
      case RequestKind.SUSPENSION_OR_ERASURE:
        for (const subjectId of withRetained(records))
          await this.marks.mark(tx, subjectId, SubjectMark.USE_SUSPENDED, row.id);
        return summary(['USE_SUSPENDED']);
      case RequestKind.STOP_PROVISION:
        for (const subjectId of withRetained(records))
          await this.marks.mark(tx, subjectId, SubjectMark.PROVISION_STOPPED, row.id);
        return summary(['PROVISION_STOPPED']);
    }
  }

  /** The erasure (committed person by person) as planned at its claim, once nothing is left. */
  private async erased(
    tx: RequestContext,
    subjectIds: readonly string[],
    plan: ErasurePlan | null,
    withheld: Withholding,
  ): Promise<ExecutionSummary> {
    if (!plan) throw new Error('an erasure claimed without its plan');
    const left = answeredRecords(await retainedRecords(tx, subjectIds), withheld);
    if (left.length > 0)
      throw new ConflictError(
        `${left.length} record(s) of the persons matched are still held: carry out the erasure again.`,
      );
    return {
      persons: subjectIds.length,
      records: plan.records,
      categoryCodes: plan.categoryCodes,
      measures: [ExecutionMeasure.ERASED],
    };
  }
}
