import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyRotation } from '@daicho/holdings';
import { Client } from 'pg';
import { ROOT, serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';
import { copyTestDatabase, type TestDatabase } from '../harness/test-database';
import { cliOperator } from '../../apps/cli/src/cli-operator';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const READ = `query($id: ID!) { record(id: $id, purpose: "DATA_SUBJECT_REQUEST") { values { key value } } }`;
const FIND = `query($email: String) { findSubjects(email: $email) { edges { node { id } } } }`;
const ERASE = `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "request for erasure (APPI art. 35)") { id } }`;

/**
 * (docs/drills/backup-restore.md is the operator's version):
 * rotate the master key, take a backup, erase subject X, restore the pre-erasure backup — X must
 * still be unreadable (the erasure journal outside the database is replayed at start), Y intact,
 * the ledger verifying. The CLI's keys:rotate and erasures:replay run against the restored copy.
 */
describe('backup and restore drill: erasures survive a restore', () => {
  let live: TestApp | undefined;
  let restored: TestApp | undefined;
  let backup: TestDatabase | undefined;
  let dataDir: string;
  let original: TestDatabase;
  let hr: string;
  let cpo: string;
  let auditor: string;
  const X = { email: 'erased.person@example.jp', recordId: '', subjectId: '' };
  const Y = { email: 'kept.person@example.jp', recordId: '', subjectId: '' };

  const createApplicant = async (t: TestApp, person: typeof X, name: string) => {
    const res = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [
            { key: 'name', value: name },
            { key: 'email', value: person.email },
          ],
        },
      },
      hr,
    );
    person.recordId = res.data!.createRecord.id;
    person.subjectId = res.data!.createRecord.subjectId;
  };

  afterAll(async () => {
    await live?.stop().catch(() => undefined);
    await restored?.stop().catch(() => undefined);
    await backup?.drop();
    await original?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps an erased person erased after the database is restored from an older backup', async () => {
    // 1. Records of X and Y; the master key rotated (the backup is taken after the rotation).
    live = await TestApp.start();
    dataDir = live.dataDir;
    hr = (await live.loginAs(Role.HR)).token;
    cpo = (await live.loginAs(Role.CPO)).token;
    auditor = (await live.loginAs(Role.AUDITOR)).token;
    await createApplicant(live, X, '消去 される人');
    await createApplicant(live, Y, '残る 人');
    await live.app.get(KeyRotation).rotate();
    await live.sealLedger();

    // 2. Backup: a copy of the idle database, as the nightly backup would restore it.
    ({ database: original } = await live.stop());
    backup = await copyTestDatabase(original);

    // 3. X is erased on the live system; the journal outside the database records it.
    live = await TestApp.start({ DAICHO_DATA_DIR: dataDir }, { database: original });
    expect((await live.gql(ERASE, { id: X.subjectId }, cpo)).errors).toBeUndefined();
    const journal = (await readFile(join(dataDir, 'erasure-journal.jsonl'), 'utf8')).trim();
    expect(
      journal.split('\n').map((line) => (JSON.parse(line) as { subjectId: string }).subjectId),
    ).toEqual([X.subjectId]);
    expect(journal).not.toContain(X.email);
    await live.stop();
    live = undefined;

    // 4. Disaster: the database is restored from the backup, which still holds X's key.
    const [before] = await backupRows(backup, X.subjectId);
    expect(before!.wrapped).toBe(true);
    restored = await TestApp.start({ DAICHO_DATA_DIR: dataDir }, { database: backup });
    const read = await restored.gql(READ, { id: X.recordId }, cpo);
    expect(read.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
    expect(
      (await restored.gql<{ findSubjects: { edges: unknown[] } }>(FIND, { email: X.email }, cpo))
        .data?.findSubjects.edges,
    ).toEqual([]);
    const kept = await restored.gql<{ record: { values: { key: string; value: string }[] } }>(
      READ,
      { id: Y.recordId },
      cpo,
    );
    expect(kept.data?.record.values).toContainEqual({ key: 'email', value: Y.email });
    expect(restored.logs).toContain('erasures replayed from the journal');
    await restored.sealLedger();
    const [replayed] = await restored.ledgerRows(`action = 'ERASE' AND subject_id = $1`, [
      X.subjectId,
    ]);
    expect(Date.parse((replayed!.details as { replayOf: string }).replayOf)).not.toBeNaN();
    const verified = await restored.gql<{ verifyLedger: { ok: boolean } }>(
      `{ verifyLedger { ok } }`,
      {},
      auditor,
    );
    expect(verified.data?.verifyLedger.ok).toBe(true);
    const [after] = await backupRows(backup, X.subjectId);
    expect(after).toEqual({ wrapped: false, indexes: 0 });
    await restored.stop();
    restored = undefined;
  });

  it('reports through the CLI, and rotates keys from it: npm run cli -- erasures:replay / keys:rotate', async () => {
    const built = serverBuild();
    const cli = (command: string, ...args: string[]) =>
      spawnSync(process.execPath, [join(built, 'dist/apps/cli/src/main.js'), command, ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: backup!.url,
          DAICHO_DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      });
    const replay = cli('erasures:replay');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain('Erasure journal: 1 erasure(s).');
    expect(replay.stdout).toContain('replayed now: 0; already erased: 1');
    expect(replay.stdout).toContain('Checked: no journalled subject is readable');

    const rotate = cli('keys:rotate');
    expect(rotate.stderr).toBe('');
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(/New master key \S+; 1 data key\(s\) re-wrapped; retired: \S+/);
    // The restored system still reads Y under the new key, and X stays erased.
    restored = await TestApp.start({ DAICHO_DATA_DIR: dataDir }, { database: backup });
    const kept = await restored.gql(READ, { id: Y.recordId }, cpo);
    expect(kept.errors).toBeUndefined();
    expect((await restored.gql(READ, { id: X.recordId }, cpo)).errors?.[0]?.extensions?.code).toBe(
      'SUBJECT_ERASED',
    );

    // retention:run --dry-run shows whose records are due: a READ entry for each, as the operator.
    await restored.dataSource.query(
      `UPDATE personal_records SET retention_due_at = '2026-11-01T00:00:00Z' WHERE id = $1`,
      [Y.recordId],
    );
    const dry = cli('retention:run', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(Y.recordId);
    const looks = await restored.ledgerRows(
      `action = 'READ' AND actor_id = $2 AND target_id = $1`,
      [Y.recordId, cliOperator().id],
    );
    expect(looks).toHaveLength(1);
    expect(looks[0]).toMatchObject({
      subject_id: Y.subjectId,
      category_code: 'APPLICANT',
      details: { view: 'RETENTION_DRY_RUN' },
    });
    const [still] = await restored.dataSource.query<{ status: string }[]>(
      'SELECT status FROM personal_records WHERE id = $1',
      [Y.recordId],
    );
    expect(still!.status).toBe('ACTIVE');
  });
});

async function backupRows(database: TestDatabase, subjectId: string) {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ wrapped: boolean; indexes: number }>(
      `SELECT s.wrapped_key IS NOT NULL AS wrapped,
              (SELECT count(*)::int FROM subject_blind_indexes i WHERE i.subject_id = s.id) AS indexes
         FROM data_subjects s WHERE s.id = $1`,
      [subjectId],
    );
    return rows;
  } finally {
    await client.end();
  }
}
