import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { countedEntries, ROLLUP_COLUMNS, TOUCHES } from './access-sql';

/** pg advisory lock key of the rollup ("daicho" + 3): folding takes it alone, reports share it. */
export const ROLLUP_LOCK = '110386170848259';
/** Entries folded per transaction: each batch is short, so a report never waits long. */
const BATCH = 200_000;
/** PostgreSQL's lock_not_available: the lock was not had within lock_timeout. */
const lockNotAvailable = (error: unknown) =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string } | undefined)?.code === '55P03';

/** How long a fold waits for reports to let go of the lock before it leaves the tick to others. */
const LOCK_WAIT_MS = 3000;

/**
 * Folds sealed ledger entries into the access report's rollup by the hour (access_rollup) and
 * each day's and hour's per-actor sums (access_rollup_sums), up to a signed checkpoint, in
 * batches. Safe with several servers: whoever takes the lock folds, the others skip; a report
 * holds the lock shared, so the mark and the rows it reads agree.
 */
@Injectable()
export class AccessRollup {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to which sequence number the rollup holds every counted entry. */
  async mark(): Promise<number> {
    const [row] = await this.dataSource.query<{ through_seq: string }[]>(
      `SELECT through_seq FROM access_rollup_mark`,
    );
    return Number(row?.through_seq ?? 0);
  }

  /**
   * Folds entries up to `treeSize` (a signed checkpoint's size: a report counts up to one), a
   * batch per transaction, until done or `keepGoing` says stop (a server shutting down must not
   * wait for a whole ledger's refold after the migration that emptied the rollup). Returns the
   * mark reached, or null when another server or a report held the lock for longer than
   * LOCK_WAIT_MS.
   */
  async catchUp(
    treeSize: number,
    { batch = BATCH, keepGoing = () => true }: { batch?: number; keepGoing?: () => boolean } = {},
  ): Promise<number | null> {
    for (;;) {
      const reached = await this.dataSource
        .transaction(async (manager) => {
          // Waits a little: reports hold the lock shared for tens of milliseconds (for seconds
          // while the rollup is far behind, which a try-lock would then keep missing); another
          // server's batch takes longer, and that server folds on.
          await manager.query(`SET LOCAL lock_timeout = '${LOCK_WAIT_MS}ms'`);
          await manager.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [ROLLUP_LOCK]);
          await manager.query(`SET LOCAL lock_timeout TO DEFAULT`);
          const [row] = await manager.query<{ through_seq: string }[]>(
            `SELECT through_seq FROM access_rollup_mark FOR UPDATE`,
          );
          const through = Number(row?.through_seq ?? 0);
          if (through >= treeSize) return { through, done: true };
          const next = Math.min(treeSize, through + batch);
          const touched = await manager.query<{ day: string }[]>(
            `WITH folded AS (
             INSERT INTO access_rollup AS r (actor_id, actor_kind, category_code, purpose_code,
               action, outcome, day, hour, entries, after_hours, first_seq, last_seq, actor_role)
             SELECT ${ROLLUP_COLUMNS}
               FROM ledger_entries e
              WHERE e.seq > $1 AND e.seq <= $2 AND ${countedEntries('$3')}
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
             ON CONFLICT ON CONSTRAINT access_rollup_key DO UPDATE SET
               entries = r.entries + excluded.entries,
               after_hours = r.after_hours + excluded.after_hours,
               first_seq = least(r.first_seq, excluded.first_seq),
               last_seq = greatest(r.last_seq, excluded.last_seq),
               actor_role = greatest(r.actor_role, excluded.actor_role)
             RETURNING r.day)
           SELECT DISTINCT day::text AS day FROM folded`,
            [through, next, TOUCHES],
          );
          // The days just folded, summed again at the report's grain (access_rollup_sums) from
          // what the rollup now holds: a statement of its own, to see the rows just written.
          if (touched.length > 0)
            await manager.query(`SELECT access_rollup_refresh_sums($1::date[])`, [
              touched.map((t) => t.day),
            ]);
          await manager.query(`UPDATE access_rollup_mark SET through_seq = $1, rolled_at = now()`, [
            next,
          ]);
          return { through: next, done: next >= treeSize };
        })
        .catch((error: unknown) => {
          if (lockNotAvailable(error)) return null;
          throw error;
        });
      if (reached === null) return null;
      if (reached.done || !keepGoing()) return reached.through;
    }
  }
}
