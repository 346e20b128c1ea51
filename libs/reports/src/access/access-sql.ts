import { BUSINESS_HOURS, JAPAN_UTC_OFFSET_SECONDS, LedgerAction } from '@daicho/platform';

/** The touches that put personal data in someone's hands; refusals count whatever the action. */
export const TOUCHES = [LedgerAction.READ, LedgerAction.EXPORT, LedgerAction.PROVIDE];

/**
 * The entries an access report counts (`e` is ledger_entries): people's, integrations' and CLI
 * operators' own acts (the CLI acts as SYSTEM under `cli:<OS user>@<host>`; the server's own
 * work does not count) — a touch of a category, or any refusal. `$touches` is the parameter
 * holding TOUCHES. The rollup's fold holds the same text (migration 1765110000000).
 */
export const countedEntries = (touches: string) =>
  `(e.actor_kind IN ('USER', 'API_KEY')
     OR (e.actor_kind = 'SYSTEM' AND e.actor_id LIKE 'cli:%')) AND e.actor_id IS NOT NULL
   AND ((e.action = ANY(${touches}::text[]) AND e.category_code IS NOT NULL) OR e.outcome = 'DENIED')`;

/**
 * Entries (`alias`) of a person's own acts: a user's, or a CLI operator's (SYSTEM under
 * `cli:<OS user>@<host>`). A person at work reads in office hours; an integration's batch may run
 * at night, so only these count as off hours. The stored sums hold the same text over `r`
 * (migration 1765140000000).
 */
export const byPerson = (alias: string) => `(${alias}.actor_kind = 'USER'
     OR (${alias}.actor_kind = 'SYSTEM' AND ${alias}.actor_id LIKE 'cli:%'))`;

// Days and hours in Japan by integer arithmetic on the epoch (JST is UTC+9 all year, no summer
// time): far cheaper per row than AT TIME ZONE.
const SECONDS_IN_JAPAN = `(floor(extract(epoch FROM e.recorded_at))::bigint + ${JAPAN_UTC_OFFSET_SECONDS})`;
const OPENS = BUSINESS_HOURS.opens * 3600;
const CLOSES = BUSINESS_HOURS.closes * 3600 - 1;

/** The entry's calendar day in Japan, as a date. */
export const DAY_IN_JAPAN = `date '1970-01-01' + (${SECONDS_IN_JAPAN} / 86400)::int`;

/** The entry's hour in Japan (0–23). */
export const HOUR_IN_JAPAN = `(${SECONDS_IN_JAPAN} % 86400 / 3600)::smallint`;

/** Whether the entry was recorded outside 9:00–18:00 in Japan (closed days are the report's). */
export const AFTER_HOURS = `${SECONDS_IN_JAPAN} % 86400 NOT BETWEEN ${OPENS} AND ${CLOSES}`;

/**
 * The columns the rollup keeps, aggregated from entries `e` (grouped by the first eight): the
 * same shape as access_rollup's rows, so a report reads both as one.
 */
export const ROLLUP_COLUMNS = `e.actor_id, e.actor_kind, e.category_code, e.purpose_code, e.action,
  e.outcome, ${DAY_IN_JAPAN} AS day, ${HOUR_IN_JAPAN} AS hour, count(*) AS entries,
  count(*) FILTER (WHERE ${AFTER_HOURS}) AS after_hours, min(e.seq) AS first_seq,
  max(e.seq) AS last_seq, max(e.actor_role) AS actor_role`;
