import { randomUUID } from 'node:crypto';
import { constants, rmSync } from 'node:fs';
import { access, copyFile, link, rm, writeFile } from 'node:fs/promises';
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

/**
 * A document's hand-over for an export that runs it inside its transaction (`deliver`): the
 * whole body written, then published, before the export's EXPORT entry commits.
 */
export function handedOverTo(file: PendingFile): (document: { body: Buffer }) => Promise<void> {
  return async ({ body }) => {
    await file.write(body);
    await file.publish();
  };
}

/**
 * The stops an operator sends: Ctrl-C, kill, and a terminal's hang-up when there is a terminal (a
 * listener would undo `nohup`, which keeps a long export running after the terminal goes).
 */
function stopSignals(): NodeJS.Signals[] {
  const terminal = process.stdin.isTTY || process.stdout.isTTY;
  return terminal ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM'];
}

/** File systems without hard links (FAT, exFAT, some SMB and FUSE mounts) answer these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * A file the CLI hands out (an evidence bundle, the management ledger, the provision records),
 * written so that no name ever shows a half-written file, or one whose EXPORT entry is missing
 * (APPI art. 23: every hand-out of personal data stays traceable):
 * - the bytes go under a temporary name beside `out`, mode 0600 (they hold personal data);
 * - `publish` gives them the name `out` only if no file has it (a hard link, or an exclusive
 *   copy where the file system has no links): nothing is overwritten;
 * - if the steps fail (the entry was not recorded), `out` is removed again;
 * - SIGINT, SIGTERM (or a terminal's SIGHUP) before `publish` removes what was written and exits
 *   as the signal would (128 + its number); from `publish` on, the command finishes, cleans up,
 *   and then ends with that status.
 */
export async function writeRecordedFile<T>(
  out: string,
  steps: (file: PendingFile) => Promise<T>,
): Promise<T> {
  // Refused before any work is done; `publish` checks again, since the name may appear meanwhile.
  if (await exists(out)) throw existsAlready(out);
  const path = `${out}.partial-${randomUUID()}`;
  let publishing = false;
  let published = false;
  let stoppedBy: NodeJS.Signals | undefined;
  const onStop = (signal: NodeJS.Signals) => {
    if (publishing) {
      // The name may be given already, and its entry may be committing: finish first.
      if (!stoppedBy) console.error(`${signal}: finishing the record of ${out} first.`);
      stoppedBy ??= signal;
      return;
    }
    rmSync(path, { force: true });
    process.exit(128 + os.signals[signal]);
  };
  const signals = stopSignals();
  for (const signal of signals) process.on(signal, onStop);
  let recorded = false;
  try {
    const result = await steps({
      path,
      write: (body) => writeFile(path, body, { mode: 0o600, flag: 'wx' }),
      publish: async () => {
        publishing = true;
        await giveName(path, out);
        published = true;
      },
    });
    if (!published) throw new Error(`${out} was never published.`);
    recorded = true;
    return result;
  } finally {
    if (published && !recorded) await rm(out, { force: true });
    await rm(path, { force: true });
    // Only now: a second Ctrl-C during the clean-up above must not leave `out` behind.
    for (const signal of signals) process.off(signal, onStop);
    if (stoppedBy) process.exitCode = 128 + os.signals[stoppedBy];
  }
}

/** Links the complete file to its name, which must be free; an exclusive copy without links. */
async function giveName(path: string, out: string): Promise<void> {
  try {
    await link(path, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsAlready(out);
    if (!code || !NO_HARD_LINKS.has(code)) throw error;
    await copyFile(path, out, constants.COPYFILE_EXCL).catch((copyError: NodeJS.ErrnoException) => {
      throw copyError.code === 'EEXIST' ? existsAlready(out) : copyError;
    });
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
