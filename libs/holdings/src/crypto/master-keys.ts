import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { readOrCreateSecretFile } from '@daicho/platform';
import { KEY_BYTES, open, seal } from './envelope';

/** A key-encryption key: wraps subjects' data keys; never stored in the database. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

const idOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
/**
 * A new random key. Its id is drawn again until it holds a letter: an id of sixteen digits reads
 * like a card number, and the ledger (rightly) refuses that in an entry naming the key.
 */
function newKey(): MasterKey {
  for (;;) {
    const key = randomBytes(KEY_BYTES);
    const id = idOf(key);
    if (/[a-f]/.test(id)) return { id, key };
  }
}
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
 * The master keys, in a file outside the database (first line the newest; older keys stay while
 * data keys are still wrapped under them). Generated on first start. Which key new data keys are
 * wrapped under is the database's `holdings_keyring` marker (see `KeyringMarker`), so that every
 * server process agrees; a process re-reads the file when it meets a key id it does not hold
 * (another process rotated), never wrapping under a key of its own choosing.
 */
export class MasterKeyring {
  private constructor(
    private readonly path: string,
    private keys: MasterKey[],
  ) {}

  static async load(path: string): Promise<MasterKeyring> {
    const text = await readOrCreateSecretFile(path, () => {
      return `# Daicho holdings master keys: keep a copy offline; losing it loses every record.\n${line(newKey())}`;
    });
    return new MasterKeyring(path, parse(text, path));
  }

  /** The newest key in the file (the one a fresh database adopts as current). */
  get newest(): MasterKey {
    const [newest] = this.keys;
    if (!newest) throw new Error('The master key file holds no key.');
    return newest;
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }

  /** Wraps a subject's data key under the named master key, bound to the subject. */
  wrapUnder(keyId: string, dataKey: Buffer, subjectId: string): Buffer {
    return seal(this.keyFor(keyId).key, dataKey, `dek:${subjectId}`);
  }

  unwrap(keyId: string, wrapped: Buffer, subjectId: string): Buffer {
    return open(this.keyFor(keyId).key, wrapped, `dek:${subjectId}`);
  }

  /** True when the key is held, after re-reading the file if it was not. */
  holds(keyId: string): boolean {
    return this.find(keyId) !== undefined;
  }

  /** Re-reads the file (another process may have rotated). */
  async reload(): Promise<void> {
    this.keys = parse(await readFile(this.path, 'utf8'), this.path);
  }

  /** Adds a new newest key (rotation step 1); the old ones stay until nothing is wrapped under them. */
  async addNewKey(): Promise<MasterKey> {
    await this.reload();
    const added = newKey();
    this.keys = [added, ...this.keys];
    await this.save();
    return added;
  }

  /**
   * Drops every key not in `keep` (rotation's last step, once the database says no wrapped key
   * references them); returns the ids dropped.
   */
  async retireAllBut(keep: ReadonlySet<string>): Promise<string[]> {
    await this.reload();
    const retired = this.keys.filter((k) => !keep.has(k.id)).map((k) => k.id);
    if (retired.length === 0) return [];
    this.keys = this.keys.filter((k) => keep.has(k.id));
    if (this.keys.length === 0) throw new Error('refusing to retire every master key');
    await this.save();
    return retired;
  }

  private keyFor(keyId: string): MasterKey {
    const master = this.find(keyId);
    if (!master) {
      throw new Error(
        `master key ${keyId} is not in the keyring ${this.path}: restore the key file this database was written with`,
      );
    }
    return master;
  }

  /** The key, re-reading the file once when it is unknown (a rotation elsewhere added it). */
  private find(keyId: string): MasterKey | undefined {
    const held = this.keys.find((k) => k.id === keyId);
    if (held) return held;
    // Synchronous on purpose and rare: only right after another process rotated (a small file).
    this.keys = parse(readFileSync(this.path, 'utf8'), this.path);
    return this.keys.find((k) => k.id === keyId);
  }

  private async save(): Promise<void> {
    const header = (await readFile(this.path, 'utf8')).split('\n').filter((l) => l.startsWith('#'));
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, `${header.join('\n')}\n${this.keys.map(line).join('')}`, { mode: 0o600 });
    await rename(tmp, this.path); // atomic: a crash leaves the old or the new file, never half of one
  }
}
