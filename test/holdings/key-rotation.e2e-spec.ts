import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyRotation } from '@daicho/holdings';
import { ConflictError } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';
import type { TestDatabase } from '../harness/test-database';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
const READ = `query($id: ID!) { record(id: $id, purpose: "RECRUITMENT") { values { key value } } }`;

/**
 * Rotating the master key while servers run lost data — the server kept
 * wrapping under the key the rotation then deleted, and read re-wrapped keys it did not hold.
 * Here server A serves creates and reads while another process (B, with its own keyring in
 * memory, as the CLI's keys:rotate has) rotates; then everything is restarted and read back.
 */
describe('master-key rotation while servers run', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  let hr: string;
  const names = new Map<string, string>();

  const createApplicant = async (app: TestApp, name: string) => {
    const answer = await app.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [{ key: 'name', value: name }],
        },
      },
      hr,
    );
    expect(answer.errors).toBeUndefined();
    names.set(answer.data!.createRecord.id, name);
    return answer.data!.createRecord.id;
  };
  const readName = async (app: TestApp, id: string) => {
    const answer = await app.gql<{ record: { values: { key: string; value: string }[] } }>(
      READ,
      { id },
      hr,
    );
    return { errors: answer.errors, name: answer.data?.record.values[0]?.value };
  };
  const keyFileIds = async (app: TestApp) =>
    (await readFile(join(app.dataDir, 'holdings-master.keys'), 'utf8'))
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(' ')[0]);
  const referenced = async (app: TestApp) =>
    (
      await app.dataSource.query<{ id: string }[]>(
        `SELECT DISTINCT master_key_id AS id FROM data_subjects WHERE master_key_id IS NOT NULL`,
      )
    ).map((r) => r.id);

  beforeAll(async () => {
    a = await TestApp.start({ RETENTION_SWEEP_HOURS: '0' });
    hr = (await a.loginAs(Role.HR)).token;
  });
  afterAll(async () => {
    await b?.stop().catch(() => undefined);
    await a.close();
  });

  it('keeps every record readable: creates and reads during and after a rotation by another process, then a restart', async () => {
    for (let i = 0; i < 10; i++) await createApplicant(a, `応募 ${i}`);
    const [oldKey] = await referenced(a);
    // B: a second process on the same database and key file (its keyring loaded before rotating).
    const sameDatabase: TestDatabase = { url: a.adminUrl, name: '', drop: () => Promise.resolve() };
    b = await TestApp.start(
      { DAICHO_DATA_DIR: a.dataDir, RETENTION_SWEEP_HOURS: '0' },
      { database: sameDatabase },
    );
    const existing = [...names.keys()];
    const [rotation, created, reads] = await Promise.all([
      b.app.get(KeyRotation).rotate(),
      Promise.all(Array.from({ length: 20 }, (_, i) => createApplicant(a, `並行 ${i}`))),
      Promise.all(existing.flatMap((id) => [readName(a, id), readName(a, id)])),
    ]);
    expect(rotation.retiredKeyIds).toEqual([oldKey]);
    expect(rotation.keptKeyIds).toEqual([]);
    expect(created).toHaveLength(20);
    for (const read of reads) expect(read.errors).toBeUndefined();

    // After the rotation A still creates and reads (it learns the new key from the database).
    const after = await createApplicant(a, '回転後 一郎');
    expect(await readName(a, after)).toEqual({ errors: undefined, name: '回転後 一郎' });
    for (const id of existing) expect((await readName(a, id)).errors).toBeUndefined();

    // No wrapped key references a key that left the file.
    expect(await referenced(a)).toEqual([rotation.newKeyId]);
    expect(await keyFileIds(a)).toEqual([rotation.newKeyId]);
    const [marker] = await a.dataSource.query<{ current_key_id: string }[]>(
      `SELECT current_key_id FROM holdings_keyring`,
    );
    expect(marker!.current_key_id).toBe(rotation.newKeyId);
    await b.sealLedger().catch(() => a.sealLedger());
    const entries = await a.ledgerRows(`action = 'KEY_ROTATION'`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      target_id: rotation.newKeyId,
      details: { rewrapped: rotation.rewrapped, retired: [oldKey], kept: [] },
    });
    // The ten made before, and any concurrent create that wrapped under the old key before the switch.
    expect(rotation.rewrapped).toBeGreaterThanOrEqual(10);

    // Restart: every record, whenever it was made, reads back.
    await b.stop();
    b = await TestApp.start(
      { DAICHO_DATA_DIR: a.dataDir, RETENTION_SWEEP_HOURS: '0' },
      { database: sameDatabase },
    );
    expect(names.size).toBe(31);
    for (const [id, name] of names)
      expect(await readName(b, id)).toEqual({ errors: undefined, name });
  });

  it('runs one rotation at a time: a second one meanwhile is CONFLICT, and neither loses a key', async () => {
    const results = await Promise.allSettled([
      a.app.get(KeyRotation).rotate(),
      b!.app.get(KeyRotation).rotate(),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    const done = results.filter((r) => r.status === 'fulfilled');
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) expect(r.reason).toBeInstanceOf(ConflictError);
    const fileIds = await keyFileIds(a);
    for (const id of await referenced(a)) expect(fileIds).toContain(id);
    for (const id of names.keys()) expect((await readName(a, id)).errors).toBeUndefined();
  });

  it('rotates from the server too: rotateMasterKey for the CPO and an administrator, ledgered as them; others FORBIDDEN', async () => {
    const ROTATE = `mutation { rotateMasterKey { newKeyId rewrapped retiredKeyIds keptKeyIds } }`;
    const before = await referenced(a);
    const refusedRoles = [Role.HR, Role.AUDITOR];
    for (const role of refusedRoles) {
      const answer = await a.gql(ROTATE, {}, (await a.loginAs(role)).token);
      expect(answer.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await referenced(a)).toEqual(before); // nothing rotated
    for (const role of [Role.CPO, Role.ADMIN]) {
      const { user, token } = await a.loginAs(role);
      const answer = await a.gql<{
        rotateMasterKey: { newKeyId: string; rewrapped: number; retiredKeyIds: string[] };
      }>(ROTATE, {}, token);
      expect(answer.errors).toBeUndefined();
      const result = answer.data!.rotateMasterKey;
      expect(result.rewrapped).toBe(names.size);
      expect(await referenced(a)).toEqual([result.newKeyId]);
      const [entry] = await a.ledgerRows(`action = 'KEY_ROTATION' AND target_id = $1`, [
        result.newKeyId,
      ]);
      expect(entry).toMatchObject({ actor_id: user.id, actor_role: role });
    }
    const denied = await a.ledgerRows(`action = 'DENIED' AND actor_role = ANY($1::text[])`, [
      refusedRoles,
    ]);
    expect(denied.length).toBeGreaterThanOrEqual(refusedRoles.length);
    for (const id of names.keys()) expect((await readName(a, id)).errors).toBeUndefined();
  });
});
