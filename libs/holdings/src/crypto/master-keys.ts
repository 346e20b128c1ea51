import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { readOrCreateSecretFile } from '@daicho/platform';
import { KEY_BYTES, open, seal } from './envelope';

/** A key-encryption key: wraps subjects' data keys; never stored in the database. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

const idOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const line = (k: MasterKey) => `${k.id} ${k.key.toString('base64')}\n`;

function parse(text: string, path: string): MasterKey[] {
  const keys = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [id, encoded] = l.split(/\s+/);
      const key = Buffer.from(encoded ?? '', 'base64');
      if (key.length !== KEY_BYTES || idOf(key) !== id) {
        throw new Error(`${path}: each line must be "<key id> <base64 of 32 bytes>"`);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error(`${path} holds no master key`);
  return keys;
}

/**
 * The master keys, in a file outside the database (first line current, later lines older keys
 * still needed to unwrap data keys until a rotation re-wraps them). Generated on first start.
 */
export class MasterKeyring {
  private constructor(
    private readonly path: string,
    private keys: MasterKey[],
  ) {}

  static async load(path: string): Promise<MasterKeyring> {
    const text = await readOrCreateSecretFile(path, () => {
      const key = randomBytes(KEY_BYTES);
      return `# Daicho holdings master keys: keep a copy offline; losing it loses every record.\n${line({ id: idOf(key), key })}`;
    });
    return new MasterKeyring(path, parse(text, path));
  }

  get current(): MasterKey {
    return this.keys[0];
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }

  /** Wraps a subject's data key under the current master key, bound to the subject. */
  wrap(dataKey: Buffer, subjectId: string): { keyId: string; wrapped: Buffer } {
    return { keyId: this.current.id, wrapped: seal(this.current.key, dataKey, `dek:${subjectId}`) };
  }

  unwrap(keyId: string, wrapped: Buffer, subjectId: string): Buffer {
    const master = this.keys.find((k) => k.id === keyId);
    if (!master) throw new Error(`master key ${keyId} is not in the keyring`);
    return open(master.key, wrapped, `dek:${subjectId}`);
  }

  /** Adds a new current key (rotation step 1); the old ones stay until every data key is re-wrapped. */
  async addNewKey(): Promise<MasterKey> {
    const key = randomBytes(KEY_BYTES);
    const added = { id: idOf(key), key };
    this.keys = [added, ...this.keys];
    await this.save();
    return added;
  }

  /** Drops every key but the current (rotation's last step, once nothing is wrapped under them). */
  async retireOldKeys(): Promise<string[]> {
    const retired = this.keys.slice(1).map((k) => k.id);
    this.keys = [this.current];
    await this.save();
    return retired;
  }

  private async save(): Promise<void> {
    const header = (await readFile(this.path, 'utf8')).split('\n').filter((l) => l.startsWith('#'));
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, `${header.join('\n')}\n${this.keys.map(line).join('')}`, { mode: 0o600 });
    await rename(tmp, this.path); // atomic: a crash leaves the old or the new file, never half of one
  }
}
