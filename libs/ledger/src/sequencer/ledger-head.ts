import type { Client } from 'pg';
import { MerkleFrontier } from '../merkle/merkle-frontier';

/** The sealed end of the log as the sequencer keeps it between batches. */
export interface LedgerHead {
  size: number;
  lastHash: Buffer;
  frontier: MerkleFrontier;
}

export async function readHead(client: Pick<Client, 'query'>): Promise<LedgerHead> {
  const { rows } = await client.query<{ size: string; last_hash: Buffer; frontier: Buffer[] }>(
    'SELECT size, last_hash, frontier FROM ledger_head',
  );
  const [row] = rows;
  if (!row) throw new Error('ledger_head is missing; the ledger migration has not run');
  const size = Number(row.size);
  return { size, lastHash: row.last_hash, frontier: MerkleFrontier.restore(size, row.frontier) };
}
