import type { RequestContext } from '@daicho/access';
import { LRUCache } from 'lru-cache';
import type { PeriodParts } from './access-period';
import type { DaySums } from './access-sums';

/** Parsed values a server keeps: a month's days and the hours at its edges, many times over. */
const KEPT = 500;

/** One day's or hour's stored sums, as read. */
export interface StoredDaySums {
  day: string;
  sums: DaySums;
}

/**
 * The stored sums a report adds up (access_rollup_sums), each parsed once per server: every
 * refresh gives a value a new, random version, so a report lists the versions it needs (a few
 * dozen small rows) and reads and parses only those it does not hold. Held under the report's
 * shared rollup lock, the versions cannot change between the two reads. The values are shared:
 * never changed.
 */
export class StoredSums {
  private readonly parsed = new LRUCache<string, { version: string; sums: DaySums }>({
    max: KEPT,
  });

  async read(tx: RequestContext, parts: PeriodParts): Promise<StoredDaySums[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const wanted = parts.hours.map(
      (h) => `(day = ${param(h.day)}::date AND hour >= ${h.fromHour} AND hour < ${h.toHour})`,
    );
    if (parts.days)
      wanted.push(
        `(hour IS NULL AND day >= ${param(parts.days.fromDay)}::date AND day < ${param(parts.days.toDay)}::date)`,
      );
    if (wanted.length === 0) return [];
    const listed = await tx.manager.query<{ day: string; hour: number | null; version: string }[]>(
      `SELECT day::text AS day, hour, version::text AS version FROM access_rollup_sums
        WHERE ${wanted.join(' OR ')}`,
      params,
    );
    const key = (r: { day: string; hour: number | null }) => `${r.day}|${r.hour ?? ''}`;
    const found: StoredDaySums[] = [];
    const missing: string[] = [];
    for (const r of listed) {
      const held = this.parsed.get(key(r));
      if (held?.version === r.version) found.push({ day: r.day, sums: held.sums });
      else missing.push(r.version);
    }
    if (missing.length > 0) {
      const read = await tx.manager.query<
        { day: string; hour: number | null; version: string; sums: DaySums }[]
      >(
        `SELECT day::text AS day, hour, version::text AS version, sums FROM access_rollup_sums
          WHERE version = ANY($1::uuid[])`,
        [missing],
      );
      for (const r of read) {
        this.parsed.set(key(r), { version: r.version, sums: r.sums });
        found.push({ day: r.day, sums: r.sums });
      }
    }
    return found;
  }
}
