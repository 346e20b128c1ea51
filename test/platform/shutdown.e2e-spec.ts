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
 * A server told to stop (SIGTERM) while a request waits on the database: it says it is not ready
 * first, still finishes that request (with its ledger entry), then exits 0; a request that never
 * finishes is cut off after SHUTDOWN_TIMEOUT_MS, its transaction rolled back.
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

  /** An employee's record made by HR; its id and HR's token. */
  async function employeeRecord(name: string) {
    const hr = await control.loginAs(Role.HR);
    const created = await control.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: name }],
        },
      },
      hr.token,
    );
    expect(created.errors).toBeUndefined();
    return { id: created.data!.createRecord.id, token: hr.token };
  }

  /** The built server as a process of its own on the control database; its base URL. */
  async function startServer(env: Record<string, string>): Promise<string> {
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
        ...env,
      },
      'GraphQL API ready',
    );
    return `http://127.0.0.1:${port}`;
  }

  /** Holds the records table (the caller commits), so that a read of a record waits. */
  async function lockRecords(): Promise<Client> {
    const blocker = new Client({ connectionString: control.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE personal_records IN ACCESS EXCLUSIVE MODE');
    return blocker;
  }

  /** Until some statement of the test database waits on a lock. */
  async function someoneWaits(): Promise<void> {
    for (;;) {
      const [waiting] = await control.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      if ((waiting?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const readsOf = (id: string) =>
    control.count(`ledger_entries WHERE action = 'READ' AND target_id = '${id}'`);

  async function ledgerVerifies(): Promise<boolean | undefined> {
    await control.sealLedger();
    const verified = await control.gql<{ verifyLedger: { ok: boolean } }>(
      '{ verifyLedger { ok } }',
      {},
      (await control.loginAs(Role.AUDITOR)).token,
    );
    return verified.data?.verifyLedger.ok;
  }

  const read = (base: string, token: string, id: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: READ, variables: { id, purpose: 'PERSONNEL_ADMIN' } }),
    });

  it('answers 503 on readiness first, completes the in-flight read and its entry, exits 0', async () => {
    const { id, token } = await employeeRecord('停止 花子');
    const base = await startServer({ SHUTDOWN_DELAY_MS: '2500' });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const readsBefore = await readsOf(id);

    // Hold the records table for 4 s, so the read waits on the database past the 2.5 s the server
    // keeps listening after the signal.
    const blocker = await lockRecords();
    const locked = Date.now();
    const inFlight = read(base, token, id);
    await someoneWaits();

    server!.child.kill('SIGTERM');
    const exit = exited(server!);
    // Waited for, not assumed after a fixed time: a busy machine may take a while to deliver it.
    let ready = await fetch(`${base}/health/ready`);
    for (const deadline = Date.now() + 2000; ready.status !== 503 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await fetch(`${base}/health/ready`);
    }
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    await new Promise((r) => setTimeout(r, Math.max(0, 4000 - (Date.now() - locked))));
    await blocker.query('COMMIT');
    await blocker.end();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data?: { record: { values: unknown[] } } };
    expect(body.data?.record.values).toContainEqual({ key: 'name', value: '停止 花子' });
    expect(await exit).toBe(0);
    expect(server!.output()).toContain('SIGTERM received');

    // The read's entry committed with it, and the ledger still verifies.
    expect(await readsOf(id)).toBe(readsBefore + 1);
    expect(await ledgerVerifies()).toBe(true);
  });

  it('stops after SHUTDOWN_TIMEOUT_MS though a request never finishes, and writes nothing half', async () => {
    const { id, token } = await employeeRecord('期限 太郎');
    const base = await startServer({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const readsBefore = await readsOf(id);
    const blocker = await lockRecords();
    try {
      const inFlight = read(base, token, id).then(
        (res) => res.status,
        () => 'cut off',
      );
      await someoneWaits();
      const signalled = Date.now();
      server!.child.kill('SIGTERM');
      // The lock is still held: the server gives up on the read after 1 s and exits 1.
      expect(await exited(server!)).toBe(1);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server!.output()).toContain('requests still in flight after 1000 ms');
      expect(await inFlight).toBe('cut off');
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    // The read's transaction died with the server: no entry, and the ledger verifies.
    await new Promise((r) => setTimeout(r, 500));
    expect(await readsOf(id)).toBe(readsBefore);
    expect(await ledgerVerifies()).toBe(true);
  });
});
