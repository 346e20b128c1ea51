import { Inject, Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { recordDenial, type RequestContext } from '@daicho/access';
import { lockSubjectsShared, SubjectMarks } from '@daicho/holdings';
import { EntryProofs, Ledger, LedgerKeys } from '@daicho/ledger';
import {
  AppConfig,
  BadUserInputError,
  ConflictError,
  LedgerAction,
  NotFoundError,
} from '@daicho/platform';
import { IncidentStage, ScopeSource } from '../incident-enums';
import { incidentToRun, visibleIncident } from '../incident/incident-access';
import type { IncidentRow } from '../incident/incident-row';
import {
  IncidentReportability,
  type ScopeSummary,
} from '../reportability/incident-reportability.service';
import { ledgerScope, type LedgerScope } from './ledger-scope';
import { mergeIntoScope, type ScopeRow } from './scope-store';
import type {
  AffectedRecordsInput,
  ScopeByHoldingInput,
  ScopeFromLedgerInput,
} from './scope.inputs';

/** An incident's scope as the API answers it: counts and codes, and the ledger evidence. */
export interface IncidentScopeView extends ScopeSummary {
  evidenceSeqs: number[];
}

/**
 * Who and what an incident affected, three ways combined (APPI art. 26; PPC Rule 8: the items and
 * the number of persons): named records and persons; every record of a category or system held
 * over a period; and, from the ledger, everything an account read, exported or provided in a
 * window, resting only on entries that verify against the signed tree. The persons with active
 * records are held from disposal while the incident is open; each addition is an entry.
 */
@Injectable()
export class IncidentScope {
  constructor(
    private readonly ledger: Ledger,
    private readonly marks: SubjectMarks,
    private readonly proofs: EntryProofs,
    private readonly keys: LedgerKeys,
    private readonly reportabilityOf: IncidentReportability,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async scope(ctx: RequestContext, id: string): Promise<IncidentScopeView> {
    return ctx.transaction(async (tx) => {
      const row = await visibleIncident(tx, id);
      return this.view(tx, row, 'scope');
    });
  }

  /** Rule 7 as the scope stands (a look at the scope: a READ entry). */
  async reportability(ctx: RequestContext, id: string) {
    return ctx.transaction(async (tx) => {
      const row = await visibleIncident(tx, id);
      await this.view(tx, row, 'reportability');
      return this.reportabilityOf.current(tx, row);
    });
  }

  async addRecords(ctx: RequestContext, id: string, input: AffectedRecordsInput) {
    return ctx.transaction(async (tx) => {
      const row = await this.open(tx, id);
      const records = await tx.manager.query<ScopeRow[]>(
        `SELECT p.id AS record_id, p.subject_id, p.category_code, p.item_keys
           FROM personal_records p WHERE p.id = ANY($1::uuid[])`,
        [input.recordIds],
      );
      // Every id is an access decision: an unknown one is NOT_FOUND and the attempt recorded.
      const unknown = input.recordIds.findIndex((r) => !records.some((p) => p.record_id === r));
      if (unknown >= 0)
        throw await recordDenial(
          tx,
          {
            operation: 'add scope to Incident',
            type: 'PersonalRecord',
            id: input.recordIds[unknown],
          },
          new NotFoundError(`recordIds[${unknown}] is not a record held.`),
        );
      const persons = await tx.manager.query<ScopeRow[]>(
        `SELECT p.id AS record_id, p.subject_id, p.category_code, p.item_keys
           FROM personal_records p WHERE p.subject_id = ANY($1::uuid[]) AND p.status = 'ACTIVE'`,
        [input.subjectIds],
      );
      const missing = input.subjectIds.findIndex((s) => !persons.some((p) => p.subject_id === s));
      if (missing >= 0)
        throw await recordDenial(
          tx,
          {
            operation: 'add scope to Incident',
            type: 'DataSubject',
            subjectId: input.subjectIds[missing],
          },
          new NotFoundError(`subjectIds[${missing}] is not a person with a record held.`),
        );

      await this.add(tx, row, [...records, ...persons], ScopeSource.EXPLICIT, {
        records: input.recordIds.length,
        persons: input.subjectIds.length,
      });
      return this.view(tx, row, 'scope-added');
    });
  }

  async addByHolding(ctx: RequestContext, id: string, input: ScopeByHoldingInput) {
    if ((input.categoryCode === undefined) === (input.systemCode === undefined))
      throw new BadUserInputError('Give a categoryCode or a systemCode (one of them).', [
        'categoryCode',
      ]);
    if (input.to <= input.from) throw new BadUserInputError('to must lie after from.', ['to']);
    return ctx.transaction(async (tx) => {
      const row = await this.open(tx, id);
      const categories = input.categoryCode
        ? await tx.manager.query<{ code: string }[]>(
            `SELECT code FROM data_categories WHERE code = $1`,
            [input.categoryCode],
          )
        : await tx.manager.query<{ code: string }[]>(
            `SELECT code FROM data_categories WHERE $1 = ANY(system_codes)`,
            [input.systemCode],
          );
      if (categories.length === 0)
        throw new BadUserInputError(
          input.categoryCode
            ? 'categoryCode names no category of the catalog.'
            : 'systemCode names no storage system any category is kept in.',
          [input.categoryCode ? 'categoryCode' : 'systemCode'],
        );
      // Held during the period: collected by its end, not disposed of before its start.
      const records = await tx.manager.query<ScopeRow[]>(
        `SELECT p.id AS record_id, p.subject_id, p.category_code, p.item_keys
           FROM personal_records p
          WHERE p.category_code = ANY($1::text[]) AND p.collected_at <= $3
            AND (p.disposed_at IS NULL OR p.disposed_at >= $2)`,
        [categories.map((c) => c.code), input.from, input.to],
      );
      await this.add(tx, row, records, ScopeSource.HOLDING, {
        categories: categories.map((c) => c.code),
        found: records.length,
      });
      return this.view(tx, row, 'scope-added');
    });
  }

  async addFromLedger(ctx: RequestContext, id: string, input: ScopeFromLedgerInput) {
    if (input.to <= input.from) throw new BadUserInputError('to must lie after from.', ['to']);
    // Verifying the rows borrows up to three more pool connections while this transaction holds
    // one: with many such calls at once every connection would be held by a caller waiting for
    // another. A few at a time per server leaves the pool room to finish them.
    return this.ledgerScopeSlots(() => this.scopeFromLedger(ctx, id, input));
  }

  private readonly ledgerScopeSlots = pLimit(2);

  private async scopeFromLedger(ctx: RequestContext, id: string, input: ScopeFromLedgerInput) {
    return ctx.transaction(async (tx) => {
      const row = await this.open(tx, id);
      const reported = input.actorRef
        ? this.keys.pseudonymOfReference('actorRef', input.actorRef)
        : null;
      const found: LedgerScope = await ledgerScope(
        tx,
        input,
        reported,
        this.config.INCIDENT_SCOPE_MAX_ENTRIES,
      );
      const verified = await this.proofs.verifyRows(found.entries);
      const seqs = found.entries.map((e) => Number(e.seq));
      // A deleted entry leaves a gap no filter over the remaining rows notices: refuse outright.
      if (verified.missing !== 0)
        throw new ConflictError(
          `${verified.missing} entr${verified.missing === 1 ? 'y' : 'ies'} of the signed ledger (size ${verified.treeSize}) are gone from the store: the scope cannot be complete, nothing was added. Run verifyLedger and report the tampering as an incident of its own.`,
        );
      const [first] = verified.failed;
      if (first) {
        throw new ConflictError(
          `${verified.failed.length} ledger entr${verified.failed.length === 1 ? 'y' : 'ies'} in the window do not verify (entry ${first.seq}: ${first.reason}): nothing was added. Run verifyLedger and report the tampering as an incident of its own.`,
        );
      }
      // What an account read through the application it read in clear: encryption at rest
      // exempts none of it, so an exemption recorded earlier no longer holds (PPC Rule 7).
      if (row.encryption_exempt && found.records.length > 0) {
        await tx.manager.query(
          `UPDATE incidents SET encryption_exempt = false, updated_at = now(), version = version + 1
            WHERE id = $1`,
          [row.id],
        );
        await this.ledger.append(tx, {
          action: LedgerAction.INCIDENT_EXEMPTION,
          targetType: 'Incident',
          targetId: row.id,
          purposeCode: 'INCIDENT_RESPONSE',
          details: { number: row.number, exempt: false, clearedBy: ScopeSource.LEDGER },
        });
        row.encryption_exempt = false;
      }
      await this.add(tx, row, found.records, ScopeSource.LEDGER, {
        actor: input.actorId,
        ...(reported ? { reportedActor: reported } : {}),
        entries: seqs.length,
        treeSize: verified.treeSize,
      });
      await tx.manager.query(
        `INSERT INTO incident_evidence (incident_id, seq)
         SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
        [row.id, seqs],
      );
      return this.view(tx, row, 'scope-added');
    });
  }

  /** An incident the CPO may add scope to: still open. */
  private async open(tx: RequestContext, id: string): Promise<IncidentRow> {
    const row = await incidentToRun(tx, id, 'add scope to');
    if (row.stage === IncidentStage.CLOSED)
      throw new ConflictError(`Incident ${row.number} is closed: its scope is final.`);
    return row;
  }

  /** Merges records into the scope (items and sources united), holds their persons, decides. */
  private async add(
    tx: RequestContext,
    row: IncidentRow,
    records: readonly ScopeRow[],
    source: ScopeSource,
    details: Record<string, string | number | readonly string[]>,
  ) {
    // Policy item 3 and art. 26: what an open incident concerns is kept until it is closed.
    // The persons first (holdings' lock order: person, then records): the scope rows' foreign
    // keys lock the records, and a disposal holds the person while it waits for its record.
    const persons = [...new Set(records.map((r) => r.subject_id))].sort();
    await lockSubjectsShared(tx, persons);
    await mergeIntoScope(tx, row.id, source, records);
    const holdable = await tx.manager.query<{ id: string }[]>(
      `SELECT d.id FROM data_subjects d WHERE d.id = ANY($1::uuid[]) AND d.erased_at IS NULL
          AND EXISTS (SELECT 1 FROM personal_records p WHERE p.subject_id = d.id AND p.status = 'ACTIVE')
        ORDER BY d.id`,
      [persons],
    );
    await this.marks.hold(
      tx,
      holdable.map((h) => h.id),
      { kind: 'INCIDENT', id: row.id },
    );
    // Records found affected overturn an earlier finding that no personal data was.
    await tx.manager.query(
      `UPDATE incidents SET updated_at = now(), version = version + 1,
              no_personal_data_found_on = CASE WHEN $2 THEN NULL ELSE no_personal_data_found_on END
        WHERE id = $1`,
      [row.id, records.length > 0],
    );
    if (records.length > 0) row.no_personal_data_found_on = null;
    await this.ledger.append(tx, {
      action: LedgerAction.INCIDENT_SCOPE_ADDED,
      targetType: 'Incident',
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: { number: row.number, source, ...details, persons: persons.length },
    });
    await this.reportabilityOf.decide(tx, row);
  }

  private async view(
    tx: RequestContext,
    row: IncidentRow,
    view: string,
  ): Promise<IncidentScopeView> {
    const summary = await this.reportabilityOf.summary(tx, row.id);
    const evidence = await tx.manager.query<{ seq: string }[]>(
      `SELECT seq::text AS seq FROM incident_evidence WHERE incident_id = $1 ORDER BY seq`,
      [row.id],
    );
    // How many persons an incident touched, and which items, is metadata about them: a look.
    await this.ledger.append(tx, {
      action: LedgerAction.READ,
      targetType: 'IncidentScope',
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: { number: row.number, view, persons: summary.persons },
    });
    return { ...summary, evidenceSeqs: evidence.map((e) => Number(e.seq)) };
  }
}
