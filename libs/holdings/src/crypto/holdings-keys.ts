import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { readOrCreateSecretFile } from '@daicho/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { adoptIndexKey, assertNewIndexKeyAllowed } from './index-key-check';
import { adoptWrappingKey, wrappingKeyId } from './keyring-marker';
import { MasterKeyring } from './master-keys';

/** The keys of the holdings: the master keyring and the blind-index key, both outside the database. */
export class HoldingsKeys {
  private constructor(
    readonly masterKeys: MasterKeyring,
    readonly indexKey: Buffer,
  ) {}

  static async load(
    masterKeyFile: string,
    indexKeyFile: string,
    dataSource: DataSource,
  ): Promise<HoldingsKeys> {
    const madeNow = !(await access(indexKeyFile).then(
      () => true,
      () => false,
    ));
    if (madeNow) await assertNewIndexKeyAllowed(dataSource, indexKeyFile);
    const index = await readOrCreateSecretFile(
      indexKeyFile,
      () => `${randomBytes(32).toString('base64')}\n`,
    );
    const indexKey = Buffer.from(index.trim(), 'base64');
    if (indexKey.length < 32) throw new Error(`${indexKeyFile} must hold 32 bytes, base64-encoded`);
    await adoptIndexKey(dataSource, indexKey, indexKeyFile);
    const ring = await MasterKeyring.load(masterKeyFile);
    await adoptWrappingKey(dataSource, ring);
    return new HoldingsKeys(ring, indexKey);
  }

  /**
   * Wraps a new data key under the master key the database names as current, holding the keyring
   * lock shared until `tx`'s transaction commits, so a rotation can neither switch the key in
   * between nor retire the key this row references.
   */
  async wrapDataKey(
    tx: { manager: EntityManager },
    dataKey: Buffer,
    subjectId: string,
  ): Promise<{ keyId: string; wrapped: Buffer }> {
    const keyId = await wrappingKeyId(tx.manager);
    return { keyId, wrapped: this.masterKeys.wrapUnder(keyId, dataKey, subjectId) };
  }
}
