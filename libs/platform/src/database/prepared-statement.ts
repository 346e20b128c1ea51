import type { PoolClient, QueryResult } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** A statement run often enough on the same connection to be parsed and planned once there. */
export interface PreparedStatement {
  /** Unique per text in the process: pg keeps it per connection under this name. */
  readonly name: string;
  readonly text: string;
}

/**
 * Runs a named statement on the transaction's own connection: PostgreSQL parses it once per
 * connection and, after a few runs, keeps its plan, where `manager.query` sends the text to be
 * parsed and planned every time. For the hottest statements only (every ledger append runs one).
 * Outside a transaction, or with `prepare` off (DATABASE_PREPARED_STATEMENTS, for a pooler that
 * does not keep prepared statements), it runs as `manager.query`. Failures are the QueryFailedError
 * that `manager.query` would raise, so they are mapped and logged the same way.
 */
export async function runPrepared(
  manager: EntityManager,
  statement: PreparedStatement,
  values: unknown[],
  prepare = true,
): Promise<void> {
  const runner = manager.queryRunner as PostgresQueryRunner | undefined;
  if (!prepare || !runner?.isTransactionActive) {
    await manager.query(statement.text, values);
    return;
  }
  const client = (await runner.connect()) as PoolClient;
  try {
    await client.query<QueryResult>({ name: statement.name, text: statement.text, values });
  } catch (error) {
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}
