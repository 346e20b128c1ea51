import { randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from '@daicho/platform';
import { MasterKeyring } from './master-keys';

/** The keys of the holdings: the master keyring and the blind-index key, both outside the database. */
export class HoldingsKeys {
  private constructor(
    readonly masterKeys: MasterKeyring,
    readonly indexKey: Buffer,
  ) {}

  static async load(masterKeyFile: string, indexKeyFile: string): Promise<HoldingsKeys> {
    const index = await readOrCreateSecretFile(
      indexKeyFile,
      () => `${randomBytes(32).toString('base64')}\n`,
    );
    const indexKey = Buffer.from(index.trim(), 'base64');
    if (indexKey.length < 32) throw new Error(`${indexKeyFile} must hold 32 bytes, base64-encoded`);
    return new HoldingsKeys(await MasterKeyring.load(masterKeyFile), indexKey);
  }
}
