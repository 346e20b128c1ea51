import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';

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
  private async markIn(manager: EntityManager): Promise<number> {
    const [row] = await manager.query<{ through_seq: string }[]>(
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
          // The fold itself is access_rollup_fold (migration 1765020000000): this role may read
          // the rollup, not write it; the function adds the next batch of sealed entries, never
          // past the last signed checkpoint, and moves the mark.
          const before = await this.markIn(manager);
          const [row] = await manager.query<{ through: string }[]>(
            `SELECT access_rollup_fold($1, $2)::text AS through`,
            [treeSize, batch],
          );
          // lock_timeout is still set for the fold: a mark row someone holds locked is a tick
          // skipped (55P03), not a wait that keeps every report queued behind this fold's lock.
          return { before, through: Number(row?.through ?? before) };
        })
        .catch((error: unknown) => {
          if (lockNotAvailable(error)) return null;
          throw error;
        });
      if (reached === null) return null;
      // Done: at the size asked for, or nothing more to fold (no later signed checkpoint yet).
      const done = reached.through >= treeSize || reached.through <= reached.before;
      if (done || !keepGoing()) return reached.through;
    }
  }
}
