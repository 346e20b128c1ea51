import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import type { BulkEntryTuple } from '../entry/entry-columns';
import { ENTRY_PAGE_SQL, checkEntryPage } from './entry-page';

/**
 * A verification thread (EntryPagePool): reads the pages it is sent over a connection of its
 * own and checks each with checkEntryPage, one at a time, in the order they came.
 */
const port = parentPort;
if (!port) throw new Error('entry-page.worker runs only as a worker thread');
const client = new Client({
  connectionString: (workerData as { url: string }).url,
  application_name: 'daicho-verify',
});
const connected = client.connect();
let queue: Promise<unknown> = connected;

port.on('message', (range: { from: number; to: number } | null) => {
  queue = queue.then(async () => {
    if (range === null) {
      await client.end();
      port.close();
      return;
    }
    try {
      const { rows } = await client.query<BulkEntryTuple>({
        text: ENTRY_PAGE_SQL,
        values: [range.from, range.to],
        rowMode: 'array',
      });
      const page = checkEntryPage(rows);
      port.postMessage({ page }, [page.leaves.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
});
