import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** What the database keeps of the blind-index key: an HMAC of this text under it, never the key. */
const CHECK_TEXT = 'daicho blind-index key check v1';

export const indexKeyCheck = (key: Buffer): Buffer =>
  createHmac('sha256', key).update(CHECK_TEXT).digest();

/**
 * Before a missing key file is made anew: refused when the database already knows a key (a check
 * kept) or holds indexes, so a start that dies after making the file cannot leave a wrong key
 * for the next start to adopt.
 */
export async function assertNewIndexKeyAllowed(
  dataSource: DataSource,
  path: string,
): Promise<void> {
  const [row] = await dataSource.query<{ known: boolean }[]>(
    `SELECT (SELECT index_key_check IS NOT NULL FROM holdings_keyring)
            OR EXISTS (SELECT 1 FROM subject_blind_indexes) AS known`,
  );
  if (row?.known)
    throw new Error(
      `The blind-index key file ${path} was missing, but the database holds indexes made with a key: restore that file from backup (HOLDINGS_INDEX_KEY_FILE). With a new key, no search would find anyone already held.`,
    );
}

/**
 * At start: the blind-index key must be the one the database's indexes were made with. A database
 * that has no check yet adopts this key's (a missing file was refused before it was made anew,
 * assertNewIndexKeyAllowed); a key the database does not know refuses the start.
 */
export async function adoptIndexKey(
  dataSource: DataSource,
  key: Buffer,
  path: string,
): Promise<void> {
  const check = indexKeyCheck(key);
  await dataSource.transaction(async (manager) => {
    const [row] = await manager.query<{ index_key_check: Buffer | null }[]>(
      `SELECT index_key_check FROM holdings_keyring FOR UPDATE`,
    );
    if (!row) throw new Error('holdings_keyring has no row; run the migrations');
    if (row.index_key_check === null) {
      await manager.query(`UPDATE holdings_keyring SET index_key_check = $1`, [check]);
    } else if (!timingSafeEqual(row.index_key_check, check)) {
      throw new Error(
        `The blind-index key file ${path} is not the key this database's indexes were made with: start with this database's key file (HOLDINGS_INDEX_KEY_FILE).`,
      );
    }
  });
}
