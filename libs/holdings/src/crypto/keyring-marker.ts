import type { DataSource, EntityManager } from 'typeorm';
import type { MasterKeyring } from './master-keys';

/**
 * The database's word on which master key new data keys are wrapped under (`holdings_keyring`),
 * and the lock that makes a rotation safe with any number of servers running: every wrap takes it
 * shared for its transaction, a rotation takes it exclusive to switch the key and again to check,
 * before a key leaves the file, that no wrapped key in the database references it.
 */
const LOCK = `hashtext('daicho:holdings-keyring')`;

function inTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    // A transaction-scoped lock outside a transaction would be released at once.
    throw new Error('the keyring lock is taken inside the transaction that writes the wrapped key');
  }
}

/** The key to wrap under, held (shared) until the caller's transaction ends. */
export async function wrappingKeyId(manager: EntityManager): Promise<string> {
  inTransaction(manager);
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${LOCK})`);
  const [marker] = await manager.query<{ current_key_id: string | null }[]>(
    `SELECT current_key_id FROM holdings_keyring`,
  );
  if (!marker?.current_key_id) {
    throw new Error('holdings_keyring names no current master key; the server adopts one at start');
  }
  return marker.current_key_id;
}

/** Excludes every wrap until the caller's transaction ends (rotation's switch and its last check). */
export async function lockKeyringExclusive(manager: EntityManager): Promise<void> {
  inTransaction(manager);
  await manager.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
}

export async function switchWrappingKey(manager: EntityManager, keyId: string): Promise<void> {
  await lockKeyringExclusive(manager);
  await manager.query(`UPDATE holdings_keyring SET current_key_id = $1, changed_at = now()`, [
    keyId,
  ]);
}

/** The master key ids some wrapped data key still references (read under the exclusive lock). */
export async function referencedKeyIds(manager: EntityManager): Promise<Set<string>> {
  const rows = await manager.query<{ id: string }[]>(
    `SELECT DISTINCT master_key_id AS id FROM data_subjects WHERE master_key_id IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * At start: a database that names no key yet adopts the file's newest; one that names a key the
 * file does not hold refuses the start (new records would be written under a key we lack).
 */
export async function adoptWrappingKey(dataSource: DataSource, ring: MasterKeyring): Promise<void> {
  await dataSource.query(
    `UPDATE holdings_keyring SET current_key_id = $1, changed_at = now() WHERE current_key_id IS NULL`,
    [ring.newest.id],
  );
  const [marker] = await dataSource.query<{ current_key_id: string | null }[]>(
    `SELECT current_key_id FROM holdings_keyring`,
  );
  if (!marker?.current_key_id) throw new Error('holdings_keyring has no row; run the migrations');
  if (!ring.holds(marker.current_key_id)) {
    throw new Error(
      `The database wraps data keys under master key ${marker.current_key_id}, which the holdings master key file does not hold: start with the key file of this database (HOLDINGS_MASTER_KEY_FILE).`,
    );
  }
}
