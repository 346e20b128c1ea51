import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionFailed } from './envelope';
import { MasterKeyring } from './master-keys';

describe('master keyring', () => {
  it('is generated once with owner-only permissions, and wraps data keys bound to their subject', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'keys-')), 'master.key');
    const ring = await MasterKeyring.load(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await MasterKeyring.load(path);
    expect(again.newest.id).toBe(ring.newest.id);
    const dek = randomBytes(32);
    const keyId = ring.newest.id;
    const wrapped = ring.wrapUnder(keyId, dek, 'subject-1');
    expect(again.unwrap(keyId, wrapped, 'subject-1')).toEqual(dek);
    expect(() => again.unwrap(keyId, wrapped, 'subject-2')).toThrow(DecryptionFailed);
  });

  it('rotates: a new newest key, old keys kept until retired, and only those not kept leave', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'keys-')), 'master.key');
    const ring = await MasterKeyring.load(path);
    const oldId = ring.newest.id;
    const old = ring.wrapUnder(oldId, randomBytes(32), 's');
    const added = await ring.addNewKey();
    expect(ring.newest.id).toBe(added.id);
    expect((await MasterKeyring.load(path)).ids).toEqual([added.id, oldId]);
    expect(() => ring.unwrap(oldId, old, 's')).not.toThrow();
    expect(await ring.retireAllBut(new Set([added.id, oldId]))).toEqual([]); // still referenced
    expect(await ring.retireAllBut(new Set([added.id]))).toEqual([oldId]);
    expect(() => ring.unwrap(oldId, old, 's')).toThrow(/not in the keyring/);
    expect(await readFile(path, 'utf8')).toMatch(/^# Daicho holdings master keys/);
  });

  it('re-reads the file when it meets a key another process added', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'keys-')), 'master.key');
    const server = await MasterKeyring.load(path);
    const rotator = await MasterKeyring.load(path);
    const added = await rotator.addNewKey();
    const wrapped = rotator.wrapUnder(added.id, randomBytes(32), 's');
    expect(server.holds(added.id)).toBe(true);
    expect(() => server.unwrap(added.id, wrapped, 's')).not.toThrow();
  });
});
