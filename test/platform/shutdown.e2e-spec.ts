import { join } from 'node:path';
import { freeLoopbackPort } from '@daicho/platform';
import { Client } from 'pg';
import { exited, launch, type Proc } from '../harness/child-server';
import { serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';

jest.setTimeout(120_000);

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) { id values { key value } } }`;

/**
 * A server told to stop (SIGTERM) while a request waits 3 s on the database: it says it is not
 * ready first, still finishes that request (with its ledger entry), then exits 0.
 */
describe('platform: shutdown with a request in flight', () => {
  let control: TestApp;
  let server: Proc | undefined;

  beforeAll(async () => {
    control = await TestApp.start();
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await control?.close();
  });

  it('answers 503 on readiness first, completes the in-flight read and its entry, exits 0', async () => {
    const hr = await control.loginAs(Role.HR);
    const created = await control.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: '停止 花子' }],
        },
      },
      hr.token,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createRecord.id;

    const port = await freeLoopbackPort();
    server = await launch(
      process.execPath,
      [join(serverBuild(), 'dist/apps/api/src/main.js')],
      {
        DATABASE_URL: control.adminUrl,
        PORT: String(port),
        DAICHO_DATA_DIR: control.dataDir,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        RETENTION_SWEEP_HOURS: '0',
        WEBHOOK_RELAY_MS: '0',
        SHUTDOWN_DELAY_MS: '1500',
      },
      'GraphQL API ready',
    );
    const base = `http://127.0.0.1:${port}`;
    const ask = (query: string, variables: object) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hr.token}` },
        body: JSON.stringify({ query, variables }),
      });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const readsBefore = await control.count(
      `ledger_entries WHERE action = 'READ' AND target_id = '${id}'`,
    );

    // Hold the records table for 3 s, so the read waits on the database.
    const blocker = new Client({ connectionString: control.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE personal_records IN ACCESS EXCLUSIVE MODE');
    const locked = Date.now();
    const inFlight = ask(READ, { id, purpose: 'PERSONNEL_ADMIN' });
    for (;;) {
      const [waiting] = await control.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      if ((waiting?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    server.child.kill('SIGTERM');
    const exit = exited(server);
    await new Promise((r) => setTimeout(r, 200));
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - locked))));
    await blocker.query('COMMIT');
    await blocker.end();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data?: { record: { values: unknown[] } } };
    expect(body.data?.record.values).toContainEqual({ key: 'name', value: '停止 花子' });
    expect(await exit).toBe(0);
    expect(server.output()).toContain('SIGTERM received');

    // The read's entry committed with it, and the ledger still verifies.
    expect(
      await control.count(`ledger_entries WHERE action = 'READ' AND target_id = '${id}'`),
    ).toBe(readsBefore + 1);
    await control.sealLedger();
    const verified = await control.gql<{ verifyLedger: { ok: boolean } }>(
      '{ verifyLedger { ok } }',
      {},
      (await control.loginAs(Role.AUDITOR)).token,
    );
    expect(verified.data?.verifyLedger.ok).toBe(true);
  });

  it('stops after SHUTDOWN_TIMEOUT_MS though a request never finishes, and writes nothing half', async () => {
    const hr = await control.loginAs(Role.HR);
    const created = await control.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: '期限 太郎' }],
        },
      },
      hr.token,
    );
    const id = created.data!.createRecord.id;
    const port = await freeLoopbackPort();
    server = await launch(
      process.execPath,
      [join(serverBuild(), 'dist/apps/api/src/main.js')],
      {
        DATABASE_URL: control.adminUrl,
        PORT: String(port),
        DAICHO_DATA_DIR: control.dataDir,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        RETENTION_SWEEP_HOURS: '0',
        WEBHOOK_RELAY_MS: '0',
        SHUTDOWN_TIMEOUT_MS: '1000',
      },
      'GraphQL API ready',
    );
    const readsBefore = await control.count(
      `ledger_entries WHERE action = 'READ' AND target_id = '${id}'`,
    );
    const blocker = new Client({ connectionString: control.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE personal_records IN ACCESS EXCLUSIVE MODE');
    try {
      const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hr.token}` },
        body: JSON.stringify({ query: READ, variables: { id, purpose: 'PERSONNEL_ADMIN' } }),
      }).then(
        (res) => res.status,
        () => 'cut off',
      );
      for (;;) {
        const [waiting] = await control.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        if ((waiting?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      // The lock is still held: the server gives up on the read after 1 s and exits 1.
      expect(await exited(server)).toBe(1);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server.output()).toContain('requests still in flight after 1000 ms');
      expect(await inFlight).toBe('cut off');
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    // The read's transaction died with the server: no entry, and the ledger verifies.
    await new Promise((r) => setTimeout(r, 500));
    expect(
      await control.count(`ledger_entries WHERE action = 'READ' AND target_id = '${id}'`),
    ).toBe(readsBefore);
    await control.sealLedger();
    const verified = await control.gql<{ verifyLedger: { ok: boolean } }>(
      '{ verifyLedger { ok } }',
      {},
      (await control.loginAs(Role.AUDITOR)).token,
    );
    expect(verified.data?.verifyLedger.ok).toBe(true);
  });
});
