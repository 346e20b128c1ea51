/**
 * Adding up the access report's counts: the per-actor sets (actor × category, actor × day,
 * actor × purpose) from each whole day's stored sums and from the entries read directly, then the
 * purpose's and the day's sets over the actors. Pure: the queries are in access-report-queries.
 */

/** One group of the access report: which set `g` says (SET). */
export interface AccessRow {
  g: number;
  actor_id: string | null;
  actor_kind: string | null;
  actor_role: string | null;
  category_code: string | null;
  purpose_code: string | null;
  day: string | null;
  reads: number;
  exports: number;
  provisions: number;
  denials: number;
  off_hours: number;
  first_seq: string;
  last_seq: string;
}

// GROUPING(actor_id, actor_kind, category_code, purpose_code, day): a bit set per column left out.
export const SET = {
  actorCategory: 0b00011,
  purpose: 0b11101,
  day: 0b11110,
  actorDay: 0b00110,
  actorPurpose: 0b00101,
} as const;

/**
 * One actor's sums for one code on one day, as access_rollup_days keeps them (migration
 * 1765010000000): [actor_id, actor_kind, code, reads, exports, provisions, denials,
 * user_touches, user_touches_after_hours, first_seq, last_seq, actor_role].
 */
export type DaySum = [
  string,
  string,
  string | null,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  string | null,
];

/** A whole day's stored sums: per category (c), per purpose (p) and the day's own (d). */
export interface DaySums {
  c: DaySum[];
  p: DaySum[];
  d: DaySum[];
}

/** The per-actor sets, added up from any number of days and entries' groups. */
export class PerActorSums {
  private readonly groups = new Map<string, AccessRow>();

  /** A group counted from the entries (one of the three per-actor sets). */
  add(row: AccessRow): void {
    const code = row.g === SET.actorCategory ? row.category_code : row.purpose_code;
    const key = `${row.g}|${row.actor_kind ?? ''}|${row.actor_id ?? ''}|${code ?? '\u0000'}|${row.day ?? ''}`;
    const sum = this.groups.get(key);
    if (!sum) {
      this.groups.set(key, { ...row });
      return;
    }
    sum.reads += row.reads;
    sum.exports += row.exports;
    sum.provisions += row.provisions;
    sum.denials += row.denials;
    sum.off_hours += row.off_hours;
    // Sequence numbers come as text (bigint); below 2^53 for any ledger this size.
    if (Number(row.first_seq) < Number(sum.first_seq)) sum.first_seq = row.first_seq;
    if (Number(row.last_seq) > Number(sum.last_seq)) sum.last_seq = row.last_seq;
    if ((row.actor_role ?? '') > (sum.actor_role ?? '')) sum.actor_role = row.actor_role;
  }

  /**
   * A whole day's stored sums. On a day the office is closed every allowed read or export by a
   * person counts as off hours; on other days those outside 9:00–18:00 in Japan.
   */
  addDay(day: string, sums: DaySums, closed: boolean): void {
    const put = (g: number, s: DaySum) =>
      this.add({
        g,
        actor_id: s[0],
        actor_kind: s[1],
        category_code: g === SET.actorCategory ? s[2] : null,
        purpose_code: g === SET.actorPurpose ? s[2] : null,
        day: g === SET.actorDay ? day : null,
        reads: s[3],
        exports: s[4],
        provisions: s[5],
        denials: s[6],
        off_hours: closed ? s[7] : s[8],
        first_seq: String(s[9]),
        last_seq: String(s[10]),
        actor_role: s[11],
      });
    for (const s of sums.c) put(SET.actorCategory, s);
    for (const s of sums.p) put(SET.actorPurpose, s);
    for (const s of sums.d) put(SET.actorDay, s);
  }

  /** The three per-actor sets, then the purpose's and the day's summed over the actors. */
  rows(): AccessRow[] {
    const rows = [...this.groups.values()];
    return [
      ...rows,
      ...overActors(rows, SET.actorPurpose, SET.purpose, 'purpose_code'),
      ...overActors(rows, SET.actorDay, SET.day, 'day'),
    ];
  }
}

/** The rows of set `to`, summed over the actors from the rows of set `from` (per `key`). */
function overActors(
  rows: AccessRow[],
  from: number,
  to: number,
  key: 'purpose_code' | 'day',
): AccessRow[] {
  const sums = new Map<string | null, AccessRow>();
  for (const r of rows) {
    if (r.g !== from) continue;
    const sum = sums.get(r[key]);
    if (!sum) {
      sums.set(r[key], {
        ...r,
        g: to,
        actor_id: null,
        actor_kind: null,
        actor_role: null,
        category_code: null,
        purpose_code: key === 'purpose_code' ? r.purpose_code : null,
        day: key === 'day' ? r.day : null,
      });
      continue;
    }
    sum.reads += r.reads;
    sum.exports += r.exports;
    sum.provisions += r.provisions;
    sum.denials += r.denials;
    sum.off_hours += r.off_hours;
    if (Number(r.first_seq) < Number(sum.first_seq)) sum.first_seq = r.first_seq;
    if (Number(r.last_seq) > Number(sum.last_seq)) sum.last_seq = r.last_seq;
  }
  return [...sums.values()];
}
