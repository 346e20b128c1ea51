import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Client } from 'pg';
import type { LedgerKeys } from '../keys/ledger-keys';
import { signCheckpoint } from './signed-note';

export interface IssuedCheckpoint {
  size: number;
  time: Date;
}

export interface SignedCheckpoint extends IssuedCheckpoint {
  root: Buffer;
  previousSize: number;
}

export async function lastCheckpoint(client: Pick<Client, 'query'>): Promise<IssuedCheckpoint> {
  const { rows } = await client.query<{ tree_size: string; issued_at: Date }>(
    'SELECT tree_size, issued_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1',
  );
  return rows[0]
    ? { size: Number(rows[0].tree_size), time: rows[0].issued_at }
    : { size: 0, time: new Date(0) };
}

/**
 * Signs the head as a checkpoint when it has grown since `previous`, stores it, and appends it to
 * the checkpoint file outside the database. Time is strictly increasing even if the clock is not.
 * `alongside` runs in the transaction that stores the checkpoint (the outbox's checkpoint.signed).
 */
export async function issueCheckpoint(
  client: Pick<Client, 'query'>,
  keys: LedgerKeys,
  logFile: string,
  previous: IssuedCheckpoint,
  alongside: (client: Pick<Client, 'query'>, signed: SignedCheckpoint) => Promise<void> = () =>
    Promise.resolve(),
): Promise<IssuedCheckpoint> {
  const { rows } = await client.query<{ size: string; root: Buffer }>(
    'SELECT size, root FROM ledger_head',
  );
  const [head] = rows;
  if (!head) throw new Error('ledger_head has no row');
  const size = Number(head.size);
  if (size <= previous.size) return previous;
  const now = Date.now();
  const time = new Date(Math.max(now, previous.time.getTime() + 1));
  const note = signCheckpoint(
    { origin: keys.origin, size, root: head.root, time },
    keys.origin,
    keys.signingKey,
  );
  await client.query('BEGIN');
  try {
    // Only the head as it stands, with a note naming it (the runtime role inserts no row itself).
    await client.query('SELECT ledger_record_checkpoint($1, $2, $3, $4)', [
      size,
      head.root,
      time,
      note,
    ]);
    await alongside(client, { size, time, root: head.root, previousSize: previous.size });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await mkdir(dirname(logFile), { recursive: true });
  await appendFile(
    logFile,
    `${JSON.stringify({ treeSize: size, time: time.toISOString(), note })}\n`,
  );
  return { size, time };
}
