import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { RequestContext, Role, type Actor } from '@daicho/access';
import { RecordWriter } from '@daicho/holdings';
import { UserEntity } from '@daicho/identity';
import { AuditTrail } from '@daicho/platform';
import { createApiApp } from '../apps/api/src/create-app';
import { ENTITIES } from '../apps/api/src/entities';
import { benchConfig, benchDatabase } from './bench-database';
import { signedInUser } from './bench-users';
import { fmt, graphql, percentile } from './bench-graphql';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_REQUEST_SAMPLES ?? 300);
const PERSON_RECORDS = 50;

const stats = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/**
 * Requests: a page of 50 from `requests(filter: {dueBefore})` among 10,000 requests, next to the
 * same client's `me` (session, guard and GraphQL only) in the same run, interleaved; then carrying
 * out a disclosure for a person with 50 records (each decrypted and a READ entry) and downloading
 * its package (the letter as PDF, JSON, CSV and the proofs of every access), next to a `records`
 * page of the same 50 records read for the category's own purpose.
 */
export async function requestsBench(): Promise<void> {
  const db = await benchDatabase(8, ENTITIES);
  const { config, dataDir } = await benchConfig(db);
  const app = await createApiApp({ config, dataSource: db.dataSource });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  try {
    const users = db.dataSource.getRepository(UserEntity);
    const token = async (role: Role, email: string) =>
      (await signedInUser(app, db.dataSource, url, role, email)).token;
    const cpo = await token(Role.CPO, 'bench-cpo@example.test');
    const hrToken = await token(Role.HR, 'bench-hr@example.test');
    const hr = await users.findOneByOrFail({ email: 'bench-hr@example.test' });
    console.log(`Requests benchmark (one client, GraphQL over HTTP)`);

    // One real request through the API, then its row cloned with spread-out targets.
    const received = await graphql(
      url,
      cpo,
      `
        mutation ($i: ReceiveRequestInput!) {
          receiveRequest(input: $i) {
            id
          }
        }
      `,
      {
        i: {
          kind: 'DISCLOSURE',
          disclosureMethod: 'WRITTEN',
          channel: 'MAIL',
          receivedAt: '2026-11-02T10:00:00+09:00',
          requester: { name: 'ベンチ 花子', address: '大阪府大阪市中央区1-1' },
        },
      },
    );
    const seed = (received.receiveRequest as { id: string }).id;
    await db.dataSource.query(
      `INSERT INTO data_subject_requests (number, kind, status, channel, received_at,
         handling_starts_on, due_on, art39_on, disclosure_method, requester_subject_id,
         requester_record_id, fee_required, fee_amount, created_by)
       SELECT 'R-2025-' || lpad(g::text, 5, '0'), kind, status, channel, received_at,
              DATE '2026-01-05' + (g % 400), DATE '2026-01-19' + (g % 400), DATE '2026-01-19' + (g % 400),
              disclosure_method, requester_subject_id, requester_record_id, fee_required,
              fee_amount, created_by
         FROM data_subject_requests, generate_series(1, $2) g WHERE id = $1`,
      [seed, REQUESTS - 1],
    );
    const LIST = `query($f: RequestsFilter, $after: String) { requests(filter: $f, first: 50, after: $after) {
      edges { cursor node { id number kind status dueOn art39On businessDaysLeft feePaid } } pageInfo { endCursor hasNextPage } } }`;
    const filter = { dueBefore: '2026-12-01' };
    const cursors: (string | null)[] = [null];
    let after: string | null = null;
    for (let i = 0; i < 40; i++) {
      const page = (await graphql(url, cpo, LIST, { f: filter, after })).requests as {
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      cursors.push(after);
    }
    const list: number[] = [];
    const me: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      list.push(
        await timed(() =>
          graphql(url, cpo, LIST, { f: filter, after: cursors[i % cursors.length] }),
        ),
      );
      me.push(await timed(() => graphql(url, cpo, '{ me { id } }')));
    }
    const l = stats(list);
    const m = stats(me);
    console.log(
      `  me (baseline, same client)                : p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`,
    );
    console.log(
      `  requests(dueBefore) page of 50 of ${fmt(REQUESTS)} : p50 ${l.p50.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms   p99 ratio to me ${(l.p99 / m.p99).toFixed(2)} (goal p99 < 50 ms)`,
    );

    // A person with 50 EMPLOYEE records, matched to a complete disclosure request.
    const actor: Actor = {
      kind: 'USER',
      id: hr.id,
      role: Role.HR,
      mustChangePassword: false,
      scopes: [],
    };
    const ctx = () =>
      RequestContext.forActor(actor, randomUUID(), db.dataSource, app.get(AuditTrail));
    const writer = app.get(RecordWriter);
    const first = await writer.create(ctx(), {
      categoryCode: 'EMPLOYEE',
      collectedAt: new Date('2026-04-01T00:00:00Z'),
      source: 'bench',
      consentRef: 'bench-consent',
      values: [{ key: 'name', value: 'ベンチ 次郎' }],
    });
    const subjectId = first.record.subjectId;
    for (let n = 1; n < PERSON_RECORDS; n++) {
      await writer.create(ctx(), {
        categoryCode: 'EMPLOYEE',
        subjectId,
        collectedAt: new Date('2026-04-01T00:00:00Z'),
        source: 'bench',
        consentRef: 'bench-consent',
        values: [
          { key: 'name', value: 'ベンチ 次郎' },
          { key: 'address', value: `東京都千代田区 ${n}` },
          { key: 'email', value: `jiro-${n}@example.jp` },
        ],
      });
    }
    const step = (query: string, variables: object) => graphql(url, cpo, query, variables);
    const disclosure = async () => {
      const r = (
        await step(`mutation($i: ReceiveRequestInput!) { receiveRequest(input: $i) { id } }`, {
          i: {
            kind: 'DISCLOSURE',
            disclosureMethod: 'ELECTRONIC',
            channel: 'MAIL',
            receivedAt: '2026-11-02T10:00:00+09:00',
            requester: { name: 'ベンチ 次郎' },
          },
        })
      ).receiveRequest as { id: string };
      await step(
        `mutation($id: ID!, $i: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $i) { id } }`,
        {
          id: r.id,
          i: {
            subject: 'REQUESTER',
            documentType: 'PASSPORT',
            domicileBlackedOut: true,
            result: 'CONFIRMED',
          },
        },
      );
      await step(
        `mutation($id: ID!, $i: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $i) { id } }`,
        {
          id: r.id,
          i: {
            amount: 1000,
            method: 'POSTAL_MONEY_ORDER',
            receivedOn: '2026-11-02',
            reference: 'bench',
          },
        },
      );
      await step(
        `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { id } }`,
        {
          id: r.id,
          s: [subjectId],
        },
      );
      await step(
        `mutation($id: ID!) { decideRequest(requestId: $id, input: { outcome: COMPLY }) { id } }`,
        {
          id: r.id,
        },
      );
      return r.id;
    };
    const EXECUTE = `mutation($id: ID!) { executeRequest(requestId: $id) { execution { records } } }`;
    const PAGE = `query($s: ID!) { records(categoryCode: "EMPLOYEE", purpose: "PERSONNEL_ADMIN", first: 50, filter: { subjectId: $s }) { edges { node { id values { key value } } } } }`;
    const executions: number[] = [];
    const packages: number[] = [];
    const pages: number[] = [];
    const base = url.replace(/\/graphql$/, '');
    const download = async (id: string) => {
      const res = await fetch(`${base}/requests/${id}/disclosure-package.tar?lang=ja`, {
        headers: { authorization: `Bearer ${cpo}` },
      });
      if (res.status !== 200) throw new Error(`disclosure package: HTTP ${res.status}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < 5; i++) {
      const id = await disclosure();
      executions.push(await timed(() => step(EXECUTE, { id })));
      // The letter cites the latest signed checkpoint: wait for the one after the execution.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      packages.push(await timed(() => download(id)));
      pages.push(await timed(() => graphql(url, hrToken, PAGE, { s: subjectId })));
    }
    const e = stats(executions);
    const p = stats(pages);
    console.log(
      `  records page of the same 50 (baseline)    : p50 ${p.p50.toFixed(1)} ms  max ${p.p99.toFixed(1)} ms`,
    );
    console.log(
      `  executeRequest: disclosure of ${PERSON_RECORDS} records   : p50 ${e.p50.toFixed(1)} ms  max ${e.p99.toFixed(1)} ms   ratio ${(e.p50 / p.p50).toFixed(2)}`,
    );
    const k = stats(packages);
    console.log(
      `  disclosure package (letter PDF + JSON + CSV + proofs): p50 ${k.p50.toFixed(1)} ms  max ${k.p99.toFixed(1)} ms   ratio ${(k.p50 / p.p50).toFixed(2)} (goal < 1 s)`,
    );
  } finally {
    await app.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
