import type { DataSource } from 'typeorm';

/**
 * Claims this period's retention sweep for one server: one conditional UPDATE of the lease row,
 * so among any number of servers the first to ask since the period began wins and the others
 * (their UPDATE waits on the row, then finds it already claimed) skip. True when this one won.
 */
export async function claimSweep(
  dataSource: DataSource,
  periodHours: number,
  runner: string,
): Promise<boolean> {
  // Wrapped in a CTE so the answer is a plain row (TypeORM gives [rows, count] for UPDATE … RETURNING).
  const [{ n } = { n: 0 }] = await dataSource.query<{ n: number }[]>(
    `WITH claimed AS (
       UPDATE retention_sweep_lease SET last_started_at = now(), started_by = $2
        WHERE last_started_at IS NULL
           OR last_started_at <= now() - $1::double precision * interval '1 hour'
        RETURNING 1)
     SELECT count(*)::int AS n FROM claimed`,
    [periodHours, runner.slice(0, 200)],
  );
  return n === 1;
}

/** Gives the period back after a failed sweep, so the next ask (here or on another server) retries. */
export async function releaseSweep(dataSource: DataSource, runner: string): Promise<void> {
  await dataSource.query(
    `UPDATE retention_sweep_lease SET last_started_at = NULL, started_by = NULL WHERE started_by = $1`,
    [runner.slice(0, 200)],
  );
}
