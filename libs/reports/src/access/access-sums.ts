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
 * A whole day's or hour's stored sums (access_rollup_sums, migration 1765010000000): `d` the
 * actors with their sums for the day (or hour), `c` and `p` per category and per purpose with the
 * actor's index in `d`. Sums: reads, exports, provisions, denials, allowed reads and exports by a person and how many of
 * them fell outside 9:00–18:00 in Japan, first and last sequence number.
 */
export interface DaySums {
  d: [string, string, string | null, ...Sums][];
  /** Flat: ten values a row, [actor index, code, …Sums] one after another. */
  c: (number | string | null)[];
  p: (number | string | null)[];
}
type Sums = [number, number, number, number, number, number, number, number];

interface Counts {
  reads: number;
  exports: number;
  provisions: number;
  denials: number;
  offHours: number;
  firstSeq: number;
  lastSeq: number;
}

/** One actor's groups: per category, per purpose, per day (null codes kept apart from any code). */
type Groups = Map<string | null, Counts>;

interface ActorSlot {
  id: string;
  kind: string;
  role: string | null;
  byCategory: Groups;
  byPurpose: Groups;
  byDay: Groups;
}

function addTo(
  groups: Groups,
  key: string | null,
  reads: number,
  exports: number,
  provisions: number,
  denials: number,
  offHours: number,
  firstSeq: number,
  lastSeq: number,
): void {
  const sum = groups.get(key);
  if (!sum) {
    groups.set(key, { reads, exports, provisions, denials, offHours, firstSeq, lastSeq });
    return;
  }
  sum.reads += reads;
  sum.exports += exports;
  sum.provisions += provisions;
  sum.denials += denials;
  sum.offHours += offHours;
  if (firstSeq < sum.firstSeq) sum.firstSeq = firstSeq;
  if (lastSeq > sum.lastSeq) sum.lastSeq = lastSeq;
}

/**
 * The per-actor sets, added up from any number of days and entries' groups. An actor shows one
 * role throughout (the greatest seen, as the rollup keeps it); sequence numbers are below 2^53
 * for any ledger this size.
 */
export class PerActorSums {
  private readonly actors = new Map<string, ActorSlot>();

  private slot(kind: string, id: string, role: string | null): ActorSlot {
    const key = `${kind}|${id}`;
    let slot = this.actors.get(key);
    if (!slot) {
      slot = { id, kind, role, byCategory: new Map(), byPurpose: new Map(), byDay: new Map() };
      this.actors.set(key, slot);
    } else if ((role ?? '') > (slot.role ?? '')) slot.role = role;
    return slot;
  }

  /** A group counted from the entries (one of the three per-actor sets). */
  add(row: AccessRow): void {
    const slot = this.slot(row.actor_kind ?? '', row.actor_id ?? '', row.actor_role);
    const [groups, key] =
      row.g === SET.actorCategory
        ? [slot.byCategory, row.category_code]
        : row.g === SET.actorPurpose
          ? [slot.byPurpose, row.purpose_code]
          : [slot.byDay, row.day];
    addTo(
      groups,
      key,
      row.reads,
      row.exports,
      row.provisions,
      row.denials,
      row.off_hours,
      Number(row.first_seq),
      Number(row.last_seq),
    );
  }

  /**
   * A whole day's or hour's stored sums. On a day the office is closed every allowed read or export by a
   * person counts as off hours; on other days those outside 9:00–18:00 in Japan.
   */
  addDay(day: string, sums: DaySums, closed: boolean): void {
    const slots = sums.d.map((a) => {
      const slot = this.slot(a[1], a[0], a[2]);
      addTo(slot.byDay, day, a[3], a[4], a[5], a[6], closed ? a[7] : a[8], a[9], a[10]);
      return slot;
    });
    const flat = (values: (number | string | null)[], into: (slot: ActorSlot) => Groups) => {
      const n = (i: number) => values[i] as number;
      for (let i = 0; i + 9 < values.length; i += 10) {
        const slot = slots[n(i)];
        if (!slot) continue;
        const code = values[i + 1] as string | null;
        const offHours = closed ? n(i + 6) : n(i + 7);
        addTo(
          into(slot),
          code,
          n(i + 2),
          n(i + 3),
          n(i + 4),
          n(i + 5),
          offHours,
          n(i + 8),
          n(i + 9),
        );
      }
    };
    flat(sums.c, (slot) => slot.byCategory);
    flat(sums.p, (slot) => slot.byPurpose);
  }

  /** The three per-actor sets, then the purpose's and the day's summed over the actors. */
  rows(): AccessRow[] {
    const rows: AccessRow[] = [];
    const row = (
      g: number,
      slot: ActorSlot | null,
      c: Counts,
      codes: Pick<AccessRow, 'category_code' | 'purpose_code' | 'day'>,
    ): AccessRow => ({
      g,
      actor_id: slot?.id ?? null,
      actor_kind: slot?.kind ?? null,
      actor_role: slot?.role ?? null,
      ...codes,
      reads: c.reads,
      exports: c.exports,
      provisions: c.provisions,
      denials: c.denials,
      off_hours: c.offHours,
      first_seq: String(c.firstSeq),
      last_seq: String(c.lastSeq),
    });
    const byPurpose: Groups = new Map();
    const byDay: Groups = new Map();
    const over = (all: Groups, key: string | null, c: Counts) =>
      addTo(
        all,
        key,
        c.reads,
        c.exports,
        c.provisions,
        c.denials,
        c.offHours,
        c.firstSeq,
        c.lastSeq,
      );
    for (const slot of this.actors.values()) {
      for (const [code, c] of slot.byCategory)
        rows.push(
          row(SET.actorCategory, slot, c, { category_code: code, purpose_code: null, day: null }),
        );
      for (const [day, c] of slot.byDay) {
        rows.push(row(SET.actorDay, slot, c, { category_code: null, purpose_code: null, day }));
        over(byDay, day, c);
      }
      for (const [code, c] of slot.byPurpose) {
        rows.push(
          row(SET.actorPurpose, slot, c, { category_code: null, purpose_code: code, day: null }),
        );
        over(byPurpose, code, c);
      }
    }
    for (const [code, c] of byPurpose)
      rows.push(row(SET.purpose, null, c, { category_code: null, purpose_code: code, day: null }));
    for (const [day, c] of byDay)
      rows.push(row(SET.day, null, c, { category_code: null, purpose_code: null, day }));
    return rows;
  }
}
