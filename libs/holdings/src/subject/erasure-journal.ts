import { mkdir, open, readFile } from 'node:fs/promises';
import { isUuid } from '@daicho/platform';
import { dirname } from 'node:path';

/** One erasure as the journal keeps it: pseudonymous ids and times only, never personal data. */
export interface ErasureEntry {
  subjectId: string;
  /** Set when only this record of the person was erased (a request's erasure that left a
   * client's entrusted data); absent when the whole person was. */
  recordId?: string;
  erasedAt: string;
  requestId: string;
}

/**
 * The erasures made, in a file outside the database (JSON lines, appended and fsynced), so a
 * database restored from an older backup can have them replayed: a person erased after the
 * backup must not come back. The ledger holds the same facts but is restored with the database.
 */
export class ErasureJournal {
  constructor(readonly file: string) {}

  async append(entries: readonly ErasureEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await mkdir(dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Every entry, oldest first; a malformed line stops the read (the journal is evidence). */
  async read(): Promise<ErasureEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => line !== '')
      .map(({ line, number }) => {
        let entry: Partial<ErasureEntry>;
        try {
          entry = JSON.parse(line) as Partial<ErasureEntry>;
        } catch {
          throw new Error(`${this.file}:${number} is not a JSON line`);
        }
        if (
          !isUuid(entry.subjectId ?? '') ||
          (entry.recordId !== undefined && !isUuid(entry.recordId)) ||
          Number.isNaN(Date.parse(entry.erasedAt ?? ''))
        ) {
          throw new Error(`${this.file}:${number} is not an erasure entry`);
        }
        return entry as ErasureEntry;
      });
  }
}
