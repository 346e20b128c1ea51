import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { assertSessionSettings, type SessionSettingsRow } from '@daicho/platform/session';
import { copyEntryPage } from './entry-copy';
import { checkEntryPage } from './entry-page';
import { PagePipeline } from './page-pipeline';

/**
 * A verification thread (EntryPagePool): reads the pages it is sent over a connection of its
 * own (one binary COPY each) and checks each with checkEntryPage, answering in the order they came; PagePipeline sends
 * a page's query as soon as the one before is answered, ahead of that page's check.
 */
const port = parentPort;
if (!port) throw new Error('entry-page.worker runs only as a worker thread');
const client = new Client({
  ...(workerData as { connection: { connectionString: string; options: string } }).connection,
  application_name: 'daicho-verify',
});
// Pages are read only in a session with Daicho's settings (the readers' tables and types).
const connected = client
  .connect()
  .then(() =>
    assertSessionSettings(async (sql) => (await client.query<SessionSettingsRow>(sql)).rows),
  );
connected.catch(() => undefined); // each page is answered with this failure instead
const pages = new PagePipeline(
  connected,
  (range: { from: number; to: number }) => copyEntryPage(client, range.from, range.to),
  checkEntryPage,
  (outcome) => {
    if ('value' in outcome) {
      port.postMessage({ page: outcome.value }, [outcome.value.tree.buffer as ArrayBuffer]);
    } else {
      const error = outcome.error;
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  },
);

port.on('message', (range: { from: number; to: number } | null) => {
  if (range !== null) return pages.ask(range);
  void pages.end(async () => {
    await client.end();
    port.close();
  });
});
