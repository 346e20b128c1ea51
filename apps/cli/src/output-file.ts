import { randomUUID } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { access, link, rm, writeFile } from 'node:fs/promises';
import { constants as os } from 'node:os';
import { BadUserInputError } from '@daicho/platform';

/** The file a command is producing, under its temporary name until it is published. */
export interface PendingFile {
  /** The temporary name, for writers that open the file themselves (mode 0600 expected). */
  readonly path: string;
  /** Writes the whole body under the temporary name, readable by the operator alone. */
  write(body: Buffer): Promise<void>;
  /**
   * Gives the complete file its own name. From here until the command's steps end, the export is
   * being recorded: a stop signal waits for that, since a committed entry cannot be taken back.
   */
  publish(): Promise<void>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A file the CLI hands out (an evidence bundle, the management ledger, the provision records),
 * written so that no name ever shows a half-written file, or one whose EXPORT entry is missing
 * (APPI art. 23: every hand-out of personal data stays traceable):
 * - the bytes go under a temporary name beside `out`, mode 0600 (they hold personal data);
 * - `publish` links them to `out` only if no file has that name: nothing is overwritten;
 * - if the steps fail (the entry was not recorded), `out` is removed again;
 * - SIGINT, SIGTERM or SIGHUP before `publish` removes what was written and exits as the signal
 *   would (128 + its number); after it, the command finishes recording first.
 */
export async function writeRecordedFile<T>(
  out: string,
  steps: (file: PendingFile) => Promise<T>,
): Promise<T> {
  // Refused before any work is done; `publish` checks again, since the name may appear meanwhile.
  if (await exists(out)) throw existsAlready(out);
  const path = `${out}.partial-${randomUUID()}`;
  let published = false;
  let stopDeferred = false;
  const onStop = (signal: NodeJS.Signals) => {
    if (published) {
      if (!stopDeferred) console.error(`${signal}: finishing the record of ${out} first.`);
      stopDeferred = true;
      return;
    }
    rmSync(path, { force: true });
    process.exit(128 + os.signals[signal]);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onStop);
  let recorded = false;
  try {
    const result = await steps({
      path,
      write: (body) => writeFile(path, body, { mode: 0o600, flag: 'wx' }),
      publish: async () => {
        await link(path, out).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? existsAlready(out) : error;
        });
        published = true;
      },
    });
    if (!published) throw new Error(`${out} was never published.`);
    recorded = true;
    return result;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onStop);
    if (published && !recorded) await rm(out, { force: true });
    await rm(path, { force: true });
  }
}

function existsAlready(out: string): BadUserInputError {
  return new BadUserInputError(`${out} exists already: choose another --out.`, ['out']);
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}
