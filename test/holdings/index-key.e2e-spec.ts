import { randomBytes } from 'node:crypto';
import { access, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HoldingsKeys } from '@daicho/holdings';
import { AppConfig } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';

const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;
const FIND = `query($email: String) { findSubjects(email: $email) { edges { node { id } } } }`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The blind-index key must be the one the database's indexes were made with. With a lost file
 * replaced by a new key, or another database's key, every search by e-mail or phone would find no
 * one already held, and a disclosure request would be answered "we hold nothing" (APPI art. 33).
 * A server so started refuses to start; the check (an HMAC under the key) is kept in the database.
 */
describe('holdings: the blind-index key is checked at start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('refuses a new key where indexes exist, and another key; starts with the right one', async () => {
    const hr = (await t.loginAs(Role.HR)).token;
    const created = await t.gql(
      CREATE,
      {
        input: {
          categoryCode: 'APPLICANT',
          collectedAt: '2026-10-01T00:00:00Z',
          source: 'application form',
          values: [
            { key: 'name', value: '索引 太郎' },
            { key: 'email', value: 'index.taro@example.jp' },
          ],
        },
      },
      hr,
    );
    expect(created.errors).toBeUndefined();
    const [row] = await t.dataSource.query<{ set: boolean }[]>(
      'SELECT index_key_check IS NOT NULL AS set FROM holdings_keyring',
    );
    expect(row!.set).toBe(true);

    // A second server starting as each deployment would: its own key file, the same database.
    const config = t.app.get(AppConfig);
    const start = (indexKeyFile: string) =>
      HoldingsKeys.load(config.holdingsMasterKeyFile, indexKeyFile, t.dataSource);

    const lost = join(t.dataDir, 'lost-index.key');
    await expect(start(lost)).rejects.toThrow(/was missing.*restore that file from backup/);
    // The new key is not left behind for the next start to adopt.
    expect(await exists(lost)).toBe(false);
    await expect(start(lost)).rejects.toThrow(/was missing/);

    const other = join(t.dataDir, 'other-index.key');
    await writeFile(other, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await expect(start(other)).rejects.toThrow(/is not the key this database's indexes/);

    const restored = join(t.dataDir, 'restored-index.key');
    await copyFile(config.holdingsIndexKeyFile, restored);
    await expect(start(restored)).resolves.toBeInstanceOf(HoldingsKeys);

    // A database from before the check (none kept yet): a lost file is still told apart by the
    // indexes that exist, and the right file is adopted.
    await t.dataSource.query('UPDATE holdings_keyring SET index_key_check = NULL');
    await expect(start(lost)).rejects.toThrow(/was missing/);
    expect(await exists(lost)).toBe(false);
    await expect(start(restored)).resolves.toBeInstanceOf(HoldingsKeys);
    await expect(start(other)).rejects.toThrow(/is not the key/);
    const cpo = (await t.loginAs(Role.CPO)).token;
    const found = await t.gql<{ findSubjects: { edges: unknown[] } }>(
      FIND,
      { email: 'index.taro@example.jp' },
      cpo,
    );
    expect(found.data?.findSubjects.edges).toHaveLength(1);
  });
});
