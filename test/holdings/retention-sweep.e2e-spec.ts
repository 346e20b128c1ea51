import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';
import type { TestDatabase } from '../harness/test-database';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id retentionDueAt } }`;

/**
 * The sweeper runs at start (a server restarted daily used to wait 24 hours and
 * so never disposed of anything) and then on schedule, once across all running servers: two
 * servers started together on one database sweep once (one RETENTION_SWEEP entry, one DISPOSE).
 */
describe('the retention sweeper: at start, once across servers', () => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  const running: TestApp[] = [];

  afterAll(async () => {
    for (const app of running) await app.stop().catch(() => undefined);
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('disposes of a due record at start, without waiting a period, and only one of two servers sweeps', async () => {
    // A CCTV record (P30D from collection) that is already past its retention, made with sweeps off.
    const setup = await TestApp.start({ RETENTION_SWEEP_HOURS: '0' });
    dataDir = setup.dataDir;
    const facilities = (await setup.loginAs(Role.FACILITIES)).token;
    const made = await setup.gql<{ createRecord: { id: string; retentionDueAt: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'CCTV',
          collectedAt: '2026-09-01T00:00:00Z',
          source: 'camera 1',
          values: [
            { key: 'cameraLocation', value: 'lobby' },
            { key: 'capturedAt', value: '2026-09-01T00:00:00Z' },
          ],
        },
      },
      facilities,
    );
    const recordId = made.data!.createRecord.id;
    expect(new Date(made.data!.createRecord.retentionDueAt).getTime()).toBeLessThan(Date.now());
    ({ database } = await setup.stop());
    expect(await rowsOf(database, `action = 'RETENTION_SWEEP'`)).toEqual([]);

    // Two servers start together on the one database, sweeping daily.
    const env = { DAICHO_DATA_DIR: dataDir, RETENTION_SWEEP_HOURS: '24' };
    running.push(
      ...(await Promise.all([TestApp.start(env, { database }), TestApp.start(env, { database })])),
    );
    const status = async () =>
      (
        await running[0]!.dataSource.query<{ status: string }[]>(
          'SELECT status FROM personal_records WHERE id = $1',
          [recordId],
        )
      )[0]!.status;
    const deadline = Date.now() + 30_000;
    while ((await status()) !== 'DISPOSED' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await status()).toBe('DISPOSED'); // within seconds of the start, not 24 hours later
    // Both servers have had their start-up turn: stopping waits for a sweep under way.
    const logs = running.map((app) => app.logs).join('');
    for (const app of running.splice(0)) await app.stop();

    const sweeps = await rowsOf(database, `action = 'RETENTION_SWEEP'`);
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]).toMatchObject({
      actor_id: 'system:retention',
      details: { due: 1, disposed: 1 },
    });
    const disposals = await rowsOf(database, `action = 'DISPOSE' AND target_id = '${recordId}'`);
    expect(disposals).toHaveLength(1);
    expect(disposals[0]).toMatchObject({ details: { kind: 'RETENTION' } });
    expect(logs.match(/retention sweep claimed/g)).toHaveLength(1);
  });
});

async function rowsOf(database: TestDatabase, where: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (
      await client.query<Record<string, unknown>>(`SELECT * FROM ledger_entries WHERE ${where}`)
    ).rows;
  } finally {
    await client.end();
  }
}
