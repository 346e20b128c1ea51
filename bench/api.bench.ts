import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RequestContext, Role } from '@daicho/access';
import { RecordWriter } from '@daicho/holdings';
import { LedgerSequencer } from '@daicho/ledger';
import { AuditTrail, freeLoopbackPort } from '@daicho/platform';
import { createApiApp } from '../apps/api/src/create-app';
import { ENTITIES } from '../apps/api/src/entities';
import { benchConfig, benchDatabase } from './bench-database';
import { signedInUser } from './bench-users';
import { fmt, graphql } from './bench-graphql';
import type { DataSource } from 'typeorm';
import type { HttpLoadResult } from './http-load';
import { load, summary } from './http-load-runner';

const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 16);
const PER_CLIENT = Number(process.env.BENCH_API_PER_CLIENT ?? 150);
const ROUNDS = 3;
/** Employees' records for the record reads and the page of 50 (the holdings bench has 100,000). */
const RECORDS = Number(process.env.BENCH_API_RECORDS ?? 2_000);
const READ = `query($id: ID!) { record(id: $id, purpose: "PERSONNEL_ADMIN") { id values { key value } } }`;
const PAGE = `query($after: String) { records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 50, after: $after) {
  edges { cursor node { id values { key value } } } pageInfo { endCursor hasNextPage } } }`;

/** The query a console or an integration sends most, through each server's schema. */
const CATALOG_FIELDS = `code name { ja en } subjectType consentRequired disclosureTarget
  approximateRecords retentionPeriod retentionTrigger sensitivity accidentSeverity version`;
const DAICHO_CATALOG = `{ dataCategories { ${CATALOG_FIELDS} items { key valueType required specialCare } } }`;
const PEER_CATALOG = `{ allDataCategories { nodes { code name subjectType consentRequired disclosureTarget
  approximateRecords retentionPeriod retentionTrigger sensitivity accidentSeverity version items } } }`;

/** bench/peer: PostGraphile 4 with its own graphql-js 15, installed there when missing. */
const PEER_DIR = join(__dirname, '..', '..', 'bench', 'peer');

/** Starts PostGraphile 4 in a process of its own on the bench's database. */
async function startPeer(databaseUrl: string): Promise<{ url: string; stop: () => void }> {
  if (!existsSync(join(PEER_DIR, 'node_modules', 'postgraphile'))) {
    const installed = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: PEER_DIR,
      stdio: 'inherit',
    });
    if (installed.status !== 0) throw new Error('could not install the bench peer (bench/peer)');
  }
  const port = await freeLoopbackPort();
  const child = spawn(
    process.execPath,
    [join(PEER_DIR, 'postgraphile-server.js'), databaseUrl, String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill('SIGTERM') };
}

/**
 * The GraphQL API against its peer: the catalog query through Daicho and
 * through PostGraphile 4 on the same database, CLIENTS concurrent clients each, rounds
 * interleaved, requests a second with p50 and p99 and the ratio; `me` beside it for the floor,
 * and HR's everyday reads: a record for a purpose and a page of 50 of a category's records.
 */
export async function apiBench(): Promise<void> {
  const db = await benchDatabase(CLIENTS, ENTITIES);
  const { config, dataDir } = await benchConfig(db, {
    RETENTION_SWEEP_HOURS: '0',
    WEBHOOK_RELAY_MS: '0',
  });
  const app = await createApiApp({ config, dataSource: db.dataSource });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const peer = await startPeer(db.url);
  try {
    const { token } = await signedInUser(
      app,
      db.dataSource,
      url,
      Role.AUDITOR,
      'bench-auditor@example.test',
    );
    const categories = (await graphql(url, token, DAICHO_CATALOG)).dataCategories as unknown[];
    const peerNodes = (
      (await graphql(peer.url, null, PEER_CATALOG)).allDataCategories as { nodes: unknown[] }
    ).nodes;
    if (categories.length !== peerNodes.length)
      throw new Error(
        `Daicho lists ${categories.length} categories, PostGraphile ${peerNodes.length}`,
      );

    const round = (
      target: string,
      auth: string,
      query: string,
      variablesPerClient: object[] = Array.from({ length: CLIENTS }, () => ({})),
      freshText = false,
    ) =>
      load({
        url: target,
        token: auth,
        query,
        variablesPerClient,
        perClient: PER_CLIENT,
        freshText,
      });

    // Warm-up: JIT, pools, plans, on both.
    await round(url, token, DAICHO_CATALOG);
    await round(peer.url, '', PEER_CATALOG);
    const daicho: HttpLoadResult[] = [];
    const fresh: HttpLoadResult[] = [];
    const postgraphile: HttpLoadResult[] = [];
    const me: HttpLoadResult[] = [];
    const reads: HttpLoadResult[] = [];
    const pages: HttpLoadResult[] = [];
    // Every read writes entries the sequencer seals after the round: sealed before the next.
    const sealed = async (result: HttpLoadResult) => {
      await app.get(LedgerSequencer).flush();
      return result;
    };
    for (let r = 0; r < ROUNDS; r++) {
      // The catalog's rounds in turn, Daicho first in one round and the peer in the next.
      // And Daicho with every call a text it has never seen: parsed, validated and executed field
      // by field (no kept answer, no parsed document to reuse): the coldest a catalog call gets.
      const turns = [
        async () => daicho.push(await round(url, token, DAICHO_CATALOG)),
        async () => postgraphile.push(await round(peer.url, '', PEER_CATALOG)),
        async () => fresh.push(await round(url, token, DAICHO_CATALOG, undefined, true)),
      ];
      for (const run of r % 2 ? turns.reverse() : turns) await run();
      me.push(await round(url, token, '{ me { email role } }'));
    }
    // Then HR's reads, on records made only now: making them, and sealing the entries each read
    // writes, keep PostgreSQL busy, and the peer reads from it on every call. HR reads for
    // personnel administration: each record read writes its READ entry.
    const hr = await signedInUser(app, db.dataSource, url, Role.HR, 'bench-hr@example.test');
    const recordIds = await employeeRecords(app, db.dataSource);
    const readVariables = recordIds.slice(0, CLIENTS).map((id) => ({ id }));
    // Each client pages from its own place in the category, the first page among them.
    const cursors: (string | null)[] = [null];
    for (let after: string | null = null; cursors.length < CLIENTS;) {
      const page = (await graphql(url, hr.token, PAGE, { after })).records as {
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
      if (!page.pageInfo.hasNextPage) break;
      cursors.push((after = page.pageInfo.endCursor));
    }
    const pageVariables = Array.from({ length: CLIENTS }, (_, c) => ({
      after: cursors[c % cursors.length],
    }));
    await round(url, hr.token, READ, readVariables);
    await sealed(await round(url, hr.token, PAGE, pageVariables));
    for (let r = 0; r < ROUNDS; r++) {
      reads.push(await sealed(await round(url, hr.token, READ, readVariables)));
      pages.push(await sealed(await round(url, hr.token, PAGE, pageVariables)));
    }
    const [d, p, m, f] = [summary(daicho), summary(postgraphile), summary(me), summary(fresh)];
    const line = (name: string, s: ReturnType<typeof summary>) =>
      `  ${name.padEnd(34)} ${fmt(s.rate).padStart(6)} req/s   p50 ${s.p50.toFixed(1)} ms   p99 ${s.p99.toFixed(1)} ms`;
    console.log(
      `API benchmark (${CLIENTS} clients, ${ROUNDS} interleaved rounds of ${CLIENTS * PER_CLIENT} requests; ${categories.length} categories)`,
    );
    console.log(line('catalog through Daicho', d));
    console.log(line('catalog through PostGraphile 4', p));
    console.log(line('catalog, a text never seen (cold)', f));
    console.log(line('me through Daicho (the floor)', m));
    console.log(line('record(id, purpose), HR', summary(reads)));
    console.log(line(`records page of 50 among ${fmt(RECORDS)}`, summary(pages)));
    console.log(
      `  Daicho / PostGraphile: ${(d.rate / p.rate).toFixed(2)}x requests/s (goal >= 1.0), p99 ${(d.p99 / p.p99).toFixed(2)}x (goal <= 1.0)`,
    );
    console.log(
      `  cold (parsed, validated, executed each call) / PostGraphile: ${(f.rate / p.rate).toFixed(2)}x requests/s, p99 ${(f.p99 / p.p99).toFixed(2)}x`,
    );
  } finally {
    peer.stop();
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** RECORDS employees' records, created as the system does (not measured); their ids. */
async function employeeRecords(
  app: Awaited<ReturnType<typeof createApiApp>>,
  dataSource: DataSource,
): Promise<string[]> {
  const writer = app.get(RecordWriter);
  const system = RequestContext.system(dataSource, app.get(AuditTrail));
  const ids: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (made < RECORDS) {
        const n = made++;
        const { record } = await writer.create(system, {
          categoryCode: 'EMPLOYEE',
          collectedAt: new Date('2026-04-01T00:00:00Z'),
          source: 'bench',
          consentRef: 'bench-consent',
          values: [
            { key: 'name', value: `ベンチ 太郎 ${n}` },
            { key: 'email', value: `bench-${n}@example.jp` },
          ],
        });
        ids.push(record.id);
      }
    }),
  );
  return ids;
}
