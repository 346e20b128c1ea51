import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import type { BulkEntryTuple } from '../entry/entry-columns';
import { ENTRY_PAGE_SQL, checkEntryPage } from './entry-page';

/**
 * A verification thread (EntryPagePool): reads the pages it is sent over a connection of its
 * own and checks each with checkEntryPage, answering in the order they came. A page's query is
 * sent as soon as the one before it is answered, ahead of that page's check, so the database
 * reads the next page while this thread checks the one before. Queued here, not in the driver:
 * pg warns about a query given while another runs (and pg 9 refuses it).
 */
const port = parentPort;
if (!port) throw new Error('entry-page.worker runs only as a worker thread');
const client = new Client({
  connectionString: (workerData as { url: string }).url,
  application_name: 'daicho-verify',
});
const connected = client.connect();
// A connection that fails fails every page it was asked for, each answered with the error.
let answered: Promise<unknown> = connected.catch(() => undefined);
/** The last page's query, settled or not: the next is sent once it is. */
let reading: Promise<unknown> = connected;

port.on('message', (range: { from: number; to: number } | null) => {
  if (range === null) {
    answered = answered.then(async () => {
      await client.end();
      port.close();
    });
    return;
  }
  const read = reading.then(() =>
    client.query<BulkEntryTuple>({
      text: ENTRY_PAGE_SQL,
      values: [range.from, range.to],
      rowMode: 'array',
    }),
  );
  reading = read.catch(() => undefined);
  // Awaited below, in turn; this only keeps a failure from counting as unhandled meanwhile.
  read.catch(() => undefined);
  answered = answered.then(async () => {
    try {
      const page = checkEntryPage((await read).rows);
      port.postMessage({ page }, [page.tree.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
});
