import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  BadUserInputError,
  runPrepared,
  type PreparedStatement,
} from '@daicho/platform';
import type { EntityManager } from 'typeorm';
import {
  problemsWithEntry,
  type EntryProblem,
  type LedgerActor,
  type LedgerEntryInput,
} from './entry/entry-input';

/** The part of a RequestContext the ledger needs: its open transaction, actor and request id. */
export interface LedgerContext {
  readonly manager: EntityManager;
  readonly requestId: string;
  readonly actor: LedgerActor;
}

/**
 * An entry the ledger must not hold (it would carry personal data, or is malformed). The ledger is
 * append-only and never erased (APPI art. 19/22 could then never be honoured), so the write, and
 * the work it records, is refused: BAD_USER_INPUT naming the fields, never quoting the values.
 */
export class LedgerEntryRejected extends BadUserInputError {
  readonly problems: string[];

  constructor(problems: readonly EntryProblem[]) {
    super(
      `The ledger refused this entry: ${problems.map((p) => p.problem).join('; ')}. Entries hold ids and codes only; nothing was recorded.`,
      [...new Set(problems.map((p) => p.field))],
    );
    this.name = 'LedgerEntryRejected';
    this.problems = problems.map((p) => p.problem);
  }
}

/**
 * A denial is never lost: if a part of it would carry personal data, that part is left out and
 * named in `details.withheld`, and the rest is written.
 */
function withoutProblemParts(
  entry: LedgerEntryInput,
  problems: readonly EntryProblem[],
): LedgerEntryInput {
  const withheld = [...new Set(problems.map((p) => p.field))];
  const details = { ...entry.details };
  const cleaned: Record<string, unknown> = { ...entry };
  for (const field of withheld) {
    if (field === 'details') for (const key of Object.keys(details)) delete details[key];
    else if (field.startsWith('details.')) delete details[field.slice('details.'.length)];
    else if (OMITTABLE.has(field)) delete cleaned[field];
  }
  return { ...(cleaned as unknown as LedgerEntryInput), details: { ...details, withheld } };
}

/** The parts of an entry a denial can do without. */
const OMITTABLE = new Set([
  'targetType',
  'targetId',
  'subjectId',
  'categoryCode',
  'purposeCode',
  'fields',
  'clientEventId',
  'occurredAt',
]);

const COLUMNS = [
  'actor_kind',
  'actor_id',
  'actor_role',
  'action',
  'outcome',
  'target_type',
  'target_id',
  'subject_id',
  'category_code',
  'purpose_code',
  'fields',
  'request_id',
  'client_event_id',
  'occurred_at',
  'details',
] as const;
const FIELDS = COLUMNS.indexOf('fields');
const CLIENT_EVENT_ID = COLUMNS.indexOf('client_event_id');
const ON_DUPLICATE_EVENT =
  'ON CONFLICT (actor_id, client_event_id) WHERE client_event_id IS NOT NULL DO NOTHING';
/** One entry; its fields travel as a text[] parameter (the driver writes the array literal). */
const INSERT_ONE = `INSERT INTO ledger_entries (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((c, i) => (c === 'fields' ? `$${i + 1}::text[]` : `$${i + 1}`)).join(', ')})`;
/** Every append runs one of these two: prepared once per connection. */
const APPEND: PreparedStatement = { name: 'daicho_ledger_append', text: INSERT_ONE };
const APPEND_EVENT: PreparedStatement = {
  name: 'daicho_ledger_append_event',
  text: `${INSERT_ONE} ${ON_DUPLICATE_EVENT}`,
};

const ARRAY_TYPES = [
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'uuid[]',
  'text[]',
  'text[]',
  'text[]', // fields, as JSON text per row (a 2-D text array cannot be ragged)
  'text[]',
  'text[]',
  'timestamptz[]',
  'jsonb[]',
] as const;

/**
 * The one way to write to the ledger. Each entry becomes an intake row in the caller's open
 * transaction, so it commits or rolls back with the work it records: no access without its
 * record, no record without its access. The sequencer numbers and chains it after commit.
 */
@Injectable()
export class Ledger {
  constructor(private readonly config: AppConfig) {}

  async append(ctx: LedgerContext, entry: LedgerEntryInput): Promise<void> {
    // The common case, one plain INSERT, prepared: no unnest, nothing for the planner to think
    // about, and no speculative insertion unless there is a client event id to be idempotent on.
    const row = this.rowFor(ctx, entry);
    await runPrepared(
      ctx.manager,
      row[CLIENT_EVENT_ID] === null ? APPEND : APPEND_EVENT,
      row,
      this.config.DATABASE_PREPARED_STATEMENTS,
    );
  }

  /**
   * Appends several entries in one statement. Entries with a client event id already recorded
   * for the same actor are skipped (idempotent reporting); their ids come back as null.
   */
  async appendMany(
    ctx: LedgerContext,
    entries: readonly LedgerEntryInput[],
  ): Promise<(string | null)[]> {
    if (entries.length === 0) return [];
    const rows = entries.map((entry) => this.rowFor(ctx, entry));
    // unnest cannot take ragged arrays of arrays: each entry's fields go as JSON text.
    const columns = COLUMNS.map((_, i) =>
      rows.map((row) => (i === FIELDS ? JSON.stringify(row[i]) : row[i])),
    );
    const unnest = ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}`).join(', ');
    const selected = COLUMNS.map((c) =>
      c === 'fields' ? `ARRAY(SELECT jsonb_array_elements_text(b.fields::jsonb))` : `b.${c}`,
    );
    const inserted = await ctx.manager.query<{ id: string; client_event_id: string | null }[]>(
      `WITH b AS (SELECT * FROM unnest(${unnest}) WITH ORDINALITY AS b(${COLUMNS.join(', ')}, ord))
       INSERT INTO ledger_entries (${COLUMNS.join(', ')})
       SELECT ${selected.join(', ')} FROM b ORDER BY b.ord
       ${ON_DUPLICATE_EVENT}
       RETURNING id, client_event_id`,
      columns,
    );
    if (inserted.length === entries.length) return inserted.map((r) => r.id);
    // Some were duplicates: match the inserted ones back by client event id.
    const byEvent = new Map(inserted.map((r) => [r.client_event_id, r.id]));
    return entries.map((e) => (e.clientEventId ? (byEvent.get(e.clientEventId) ?? null) : null));
  }

  private rowFor(ctx: LedgerContext, given: LedgerEntryInput): unknown[] {
    const actor = given.actor ?? ctx.actor;
    let entry = given;
    let problems = problemsWithEntry({ ...entry, actor, requestId: ctx.requestId });
    if (problems.length && entry.outcome === 'DENIED') {
      entry = withoutProblemParts(entry, problems);
      problems = problemsWithEntry({ ...entry, actor, requestId: ctx.requestId });
    }
    if (problems.length) throw new LedgerEntryRejected(problems);
    return [
      actor.kind,
      actor.id,
      actor.role,
      entry.action,
      entry.outcome ?? 'ALLOWED',
      entry.targetType ?? null,
      entry.targetId ?? null,
      entry.subjectId ?? null,
      entry.categoryCode ?? null,
      entry.purposeCode ?? null,
      entry.fields ?? [],
      ctx.requestId,
      entry.clientEventId ?? null,
      entry.occurredAt ?? null,
      JSON.stringify(entry.details ?? {}),
    ];
  }
}
