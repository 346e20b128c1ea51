import type { RequestContext } from '@daicho/access';
import { selectSealedEntries, type EntryRow } from '@daicho/ledger';
import { BadUserInputError, ConflictError, LedgerAction, isCliOperator } from '@daicho/platform';
import type { ScopeFromLedgerInput } from './scope.inputs';

/** What an account's entries in a window touched: records with the items, and the entries. */
export interface LedgerScope {
  records: { record_id: string; subject_id: string; category_code: string; item_keys: string[] }[];
  /** The entries it rests on, as read: the caller verifies them (`EntryProofs.verifyRows`). */
  entries: EntryRow[];
}

/** The touches that put data in someone's hands: a read, a file exported, a hand-off. */
const TOUCHES = [LedgerAction.READ, LedgerAction.EXPORT, LedgerAction.PROVIDE];

/**
 * Everything an account read, exported or provided in [from, to), from the ledger's sequenced,
 * allowed entries about persons: an entry naming a record gives that record with the items it
 * names that the record holds (none when it names none: nothing was read in clear); one naming
 * only a person and category (a hand-off, an export) gives that person's records of the category.
 * With `actorRef`, the account is a person in an integrated system: the events its API key
 * reported for them (details.reportedActor, the keyed hash of the reference), timed by when
 * they happened there. The entries come back as read, for the caller to verify and keep.
 */
export async function ledgerScope(
  tx: RequestContext,
  input: ScopeFromLedgerInput,
  reportedActor: string | null,
  /** The most entries one call takes (INCIDENT_SCOPE_MAX_ENTRIES). */
  mostEntries: number,
): Promise<LedgerScope> {
  // A CLI operator is known by the entries the CLI wrote under that name (it has no account), so
  // the name that goes into the scope's entry is one the ledger already holds, never new text.
  const [known] = await tx.manager.query<{ user: boolean; key: boolean; operator: boolean }[]>(
    isCliOperator(input.actorId)
      ? `SELECT false AS user, false AS key, EXISTS (SELECT 1 FROM ledger_entries
           WHERE actor_id = $1 AND actor_kind = 'SYSTEM' AND seq IS NOT NULL) AS operator`
      : `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1::uuid) AS user,
                EXISTS (SELECT 1 FROM api_keys WHERE id = $1::uuid) AS key, false AS operator`,
    [input.actorId],
  );
  if (!known?.user && !known?.key && !known?.operator)
    throw new BadUserInputError('actorId names no user, API key or CLI operator.', ['actorId']);
  if (reportedActor !== null && !known.key)
    throw new BadUserInputError(
      'actorRef names a person in an integrated system: give the API key that reports its events as actorId.',
      ['actorRef'],
    );
  const [span] = await tx.manager.query<{ first: Date | null }[]>(
    `SELECT min(recorded_at) AS first FROM ledger_entries WHERE seq = 1`,
  );
  if (!span?.first || input.from < span.first)
    throw new BadUserInputError(
      `from lies before the ledger's first entry (${span?.first?.toISOString() ?? 'none yet'}): the ledger cannot say what happened then.`,
      ['from'],
    );
  // When it happened: the integration's own time for a reported event, else when recorded.
  const window = `e.actor_id = $1 AND COALESCE(e.occurred_at, e.recorded_at) >= $2
                  AND COALESCE(e.occurred_at, e.recorded_at) < $3
                  AND ($4::text IS NULL OR e.details->>'reportedActor' = $4)`;
  const params = [input.actorId, input.from, input.to, reportedActor];
  // An entry not yet sealed cannot be verified, and leaving it out would shrink the scope.
  const [waiting] = await tx.manager.query<{ found: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.seq IS NULL AND ${window}) AS found`,
    params,
  );
  if (waiting?.found)
    throw new ConflictError(
      "Some of the account's entries in the window are not sealed yet: try again in a second.",
    );
  const touched = `${window} AND e.action = ANY($5::text[]) AND e.outcome = 'ALLOWED' AND e.subject_id IS NOT NULL`;
  // Read in the form verification re-hashes (the caller verifies exactly these rows), one more
  // than a call takes: they are held, verified and kept as evidence in one transaction under
  // the incident's lock, and a busy key's day is millions. One read, so no count to race.
  const entries = await selectSealedEntries(
    tx.manager,
    touched,
    [...params, TOUCHES],
    mostEntries + 1,
  );
  if (entries.length > mostEntries)
    throw new BadUserInputError(
      `The window holds more than ${mostEntries.toLocaleString('en')} of the account's touches: add it in shorter windows (from, to), one after another; nothing was added.`,
      ['to'],
    );
  const byRecordEntry = entries.filter((e) => e.target_type === 'PersonalRecord' && e.target_id);
  const byPersonEntry = entries.filter(
    (e) => e.target_type !== 'PersonalRecord' && e.category_code,
  );
  const held = await tx.manager.query<
    { record_id: string; subject_id: string; category_code: string; item_keys: string[] }[]
  >(
    `SELECT p.id AS record_id, p.subject_id, p.category_code, p.item_keys
       FROM personal_records p WHERE p.id = ANY($1::uuid[])
     UNION
     SELECT p.id, p.subject_id, p.category_code, p.item_keys
       FROM unnest($2::uuid[], $3::text[]) AS k(subject_id, category_code)
       JOIN personal_records p ON p.subject_id = k.subject_id AND p.category_code = k.category_code`,
    [
      byRecordEntry.map((e) => e.target_id),
      byPersonEntry.map((e) => e.subject_id),
      byPersonEntry.map((e) => e.category_code),
    ],
  );
  const byRecord = new Map(held.map((p) => [p.record_id, [p]]));
  const byPersonCategory = new Map<string, typeof held>();
  for (const p of held) {
    const key = `${p.subject_id}|${p.category_code}`;
    byPersonCategory.set(key, [...(byPersonCategory.get(key) ?? []), p]);
  }
  const records = entries.flatMap((e) =>
    (
      (e.target_type === 'PersonalRecord'
        ? byRecord.get(e.target_id ?? '')
        : byPersonCategory.get(`${e.subject_id ?? ''}|${e.category_code ?? ''}`)) ?? []
    ).map((p) => ({ ...p, item_keys: p.item_keys.filter((k) => e.fields.includes(k)) })),
  );
  return { records, entries };
}
