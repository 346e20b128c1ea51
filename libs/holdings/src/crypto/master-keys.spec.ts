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
    expect(again.current.id).toBe(ring.current.id);
    const dek = randomBytes(32);
    const { keyId, wrapped } = ring.wrap(dek, 'subject-1');
    expect(again.unwrap(keyId, wrapped, 'subject-1')).toEqual(dek);
    expect(() => again.unwrap(keyId, wrapped, 'subject-2')).toThrow(DecryptionFailed);
  });

  it('rotates: a new current key, old keys kept until retired', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'keys-')), 'master.key');
    const ring = await MasterKeyring.load(path);
    const old = ring.wrap(randomBytes(32), 's');
    const added = await ring.addNewKey();
    expect(ring.current.id).toBe(added.id);
    expect((await MasterKeyring.load(path)).ids).toEqual([added.id, old.keyId]);
    expect(() => ring.unwrap(old.keyId, old.wrapped, 's')).not.toThrow();
    expect(await ring.retireOldKeys()).toEqual([old.keyId]);
    expect(() => ring.unwrap(old.keyId, old.wrapped, 's')).toThrow(/not in the keyring/);
    expect(await readFile(path, 'utf8')).toMatch(/^# Daicho holdings master keys/);
  });
});
