import { createHmac, timingSafeEqual } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type { DataSource } from 'typeorm';

/** What the database keeps of the blind-index key: an HMAC of this text under it, never the key. */
const CHECK_TEXT = 'daicho blind-index key check v1';

export const indexKeyCheck = (key: Buffer): Buffer =>
  createHmac('sha256', key).update(CHECK_TEXT).digest();

const missingFile = (path: string) =>
  new Error(
    `The blind-index key file ${path} was missing, but the database holds indexes made with a key: restore that file from backup (HOLDINGS_INDEX_KEY_FILE). With a new key, no search would find anyone already held.`,
  );

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
  if (row?.known) throw missingFile(path);
}

/**
 * At start: the blind-index key must be the one the database's indexes were made with. A database
 * that has no check yet adopts this key's, unless the key file was only just made while indexes
 * exist. A key file made just now that the database does not know means the file was lost: the
 * new key would match no one, so it is removed again and the start refused until the file is
 * restored from backup. Any other key the database does not know refuses the start too.
 */
export async function adoptIndexKey(
  dataSource: DataSource,
  key: Buffer,
  file: { path: string; madeNow: boolean },
): Promise<void> {
  const check = indexKeyCheck(key);
  await dataSource.transaction(async (manager) => {
    const [row] = await manager.query<{ index_key_check: Buffer | null }[]>(
      `SELECT index_key_check FROM holdings_keyring FOR UPDATE`,
    );
    if (!row) throw new Error('holdings_keyring has no row; run the migrations');
    const lost = async () => {
      // Removed again, so that no later start adopts it: refused until the file is restored.
      await unlink(file.path).catch(() => undefined);
      return missingFile(file.path);
    };
    if (row.index_key_check === null) {
      if (file.madeNow) {
        const [{ indexed } = { indexed: false }] = await manager.query<{ indexed: boolean }[]>(
          `SELECT EXISTS (SELECT 1 FROM subject_blind_indexes) AS indexed`,
        );
        if (indexed) throw await lost();
      }
      await manager.query(`UPDATE holdings_keyring SET index_key_check = $1`, [check]);
      return;
    }
    if (!timingSafeEqual(row.index_key_check, check)) {
      if (file.madeNow) throw await lost();
      throw new Error(
        `The blind-index key file ${file.path} is not the key this database's indexes were made with: start with this database's key file (HOLDINGS_INDEX_KEY_FILE).`,
      );
    }
  });
}
