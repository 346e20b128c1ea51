import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { RequestContext, Role, type Actor } from '@daicho/access';
import { RecordWriter } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { AuditTrail } from '@daicho/platform';
import { Presets, SingleBar } from 'cli-progress';
import { createApiApp } from '../apps/api/src/create-app';
import { ENTITIES } from '../apps/api/src/entities';
import { benchConfig, benchDatabase } from './bench-database';
import { signedInUser } from './bench-users';
import { fmt, graphql, percentile } from './bench-graphql';
import type { HttpLoadResult } from './http-load';
import { load, summary } from './http-load-runner';

const CLIENTS = 16;
const READS_PER_ROUND = Number(process.env.BENCH_READS_PER_CLIENT ?? 250);
const LIST_RECORDS = Number(process.env.BENCH_LIST_RECORDS ?? 100_000);
const LIST_SAMPLES = Number(process.env.BENCH_LIST_SAMPLES ?? 400);

/**
 * Holdings: a record read through GraphQL with its ledger entry vs. the same read with ledger
 * writing switched off (bench-only: the Ledger instance of this process is patched, no switch
 * exists in the product), rounds interleaved; then a category page of 50 among 100,000 records.
 */
export async function holdingsBench(): Promise<void> {
  const db = await benchDatabase(CLIENTS + 4, ENTITIES);
  const { config, dataDir } = await benchConfig(db);
  const app = await createApiApp({ config, dataSource: db.dataSource });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  try {
    const { user: hr, token } = await signedInUser(
      app,
      db.dataSource,
      url,
      Role.HR,
      'bench-hr@example.test',
    );
    const actor: Actor = {
      kind: 'USER',
      id: hr.id,
      role: Role.HR,
      mustChangePassword: false,
      scopes: [],
    };
    const records = app.get(RecordWriter);
    const create = (categoryCode: string, n: number) =>
      records.create(
        RequestContext.forActor(actor, randomUUID(), db.dataSource, app.get(AuditTrail)),
        {
          categoryCode,
          collectedAt: new Date('2026-04-01T00:00:00Z'),
          source: 'bench',
          consentRef: 'bench-consent',
          values: [
            { key: 'name', value: `ベンチ 太郎 ${n}` },
            { key: 'address', value: `東京都千代田区 ${n}` },
            { key: 'dateOfBirth', value: '1990-04-01' },
            { key: 'email', value: `bench-${n}@example.jp` },
          ],
        },
      );

    console.log(`Holdings benchmark (${CLIENTS} clients, GraphQL over HTTP)`);
    const readIds: string[] = [];
    for (let c = 0; c < CLIENTS; c++) readIds.push((await create('EMPLOYEE', c)).record.id);
    const READ = `query($id: ID!) { record(id: $id, purpose: "PERSONNEL_ADMIN") { id values { key value } } }`;
    const readRound = () =>
      load({
        url,
        token,
        query: READ,
        variablesPerClient: readIds.map((id) => ({ id })),
        perClient: READS_PER_ROUND,
      });

    const ledger = app.get(Ledger);
    const append = ledger.append.bind(ledger);
    const unlogged = () => {
      ledger.append = () => Promise.resolve();
    };
    const logged = () => {
      ledger.append = append;
    };
    await readRound(); // warm-up: JIT, pool, plans
    const withLedger: HttpLoadResult[] = [];
    const withoutLedger: HttpLoadResult[] = [];
    for (let round = 0; round < 3; round++) {
      unlogged();
      withoutLedger.push(await readRound());
      logged();
      withLedger.push(await readRound());
    }
    logged();
    // For scale: an authenticated query that touches no personal data (session, guard, GraphQL).
    const me = summary([
      await load({
        url,
        token,
        query: '{ me { id } }',
        variablesPerClient: readIds.map(() => ({})),
        perClient: READS_PER_ROUND,
      }),
    ]);
    const a = summary(withLedger);
    const b = summary(withoutLedger);
    console.log(
      `  me (no personal data, for scale) : ${fmt(me.rate)} /s  p50 ${me.p50.toFixed(1)} ms  p99 ${me.p99.toFixed(1)} ms`,
    );
    console.log(
      `  record(id, purpose), ledger off : ${fmt(b.rate)} reads/s  p50 ${b.p50.toFixed(1)} ms  p99 ${b.p99.toFixed(1)} ms`,
    );
    console.log(
      `  record(id, purpose), ledger on  : ${fmt(a.rate)} reads/s  p50 ${a.p50.toFixed(1)} ms  p99 ${a.p99.toFixed(1)} ms   ratio ${(a.rate / b.rate).toFixed(2)} (goal ≥ 0.75)`,
    );

    // 100,000 records across four categories; HR may list only EMPLOYEE's quarter of them.
    const categories = ['EMPLOYEE', 'APPLICANT', 'SEMINAR', 'WEB_INQUIRY'];
    const bar = new SingleBar(
      { format: 'creating {value}/{total} records [{bar}]' },
      Presets.shades_classic,
    );
    const existing = CLIENTS;
    bar.start(LIST_RECORDS, existing);
    let made = existing;
    const system = RequestContext.system(db.dataSource, app.get(AuditTrail));
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (made < LIST_RECORDS) {
          const n = made++;
          const categoryCode = categories[n % categories.length] ?? 'EMPLOYEE';
          await records.create(system, {
            categoryCode,
            collectedAt: new Date('2026-04-01T00:00:00Z'),
            source: 'bench',
            consentRef: 'bench-consent',
            values: [
              { key: 'name', value: `ベンチ ${n}` },
              { key: 'email', value: `bench-${n}@example.jp` },
            ],
          });
          if (n % 500 === 0) bar.update(made);
        }
      }),
    );
    bar.update(LIST_RECORDS);
    bar.stop();
    const LIST = `query($after: String) { records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 50, after: $after) {
      edges { cursor node { id values { key value } } } pageInfo { endCursor hasNextPage } } }`;
    // Cursors spread over the category, so pages come from deep in the index as well as the top.
    const cursors: (string | null)[] = [null];
    let after: string | null = null;
    for (let i = 0; i < 40; i++) {
      const page = (await graphql(url, token, LIST, { after })).records as {
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      cursors.push(after);
    }
    const latencies: number[] = [];
    for (let i = 0; i < LIST_SAMPLES; i++) {
      const t0 = performance.now();
      await graphql(url, token, LIST, { after: cursors[i % cursors.length] });
      latencies.push(performance.now() - t0);
    }
    latencies.sort((x, y) => x - y);
    const [{ n } = { n: 0 }] = await db.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM personal_records',
    );
    console.log(
      `  records page of 50 (HR, EMPLOYEE) among ${fmt(n)} records: p50 ${percentile(latencies, 0.5).toFixed(1)} ms  p99 ${percentile(latencies, 0.99).toFixed(1)} ms (goal p99 < 50 ms, ${LIST_SAMPLES} pages, one client)`,
    );
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
