import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The text a reader copies out of a PDF, as poppler's `pdftotext -layout` extracts it (or in
 * reading order, which keeps a wrapped table cell together): what the tests search for a request
 * number or a root hash. Fails, naming the package, when poppler is
 * not installed (.ci/run installs it), so a missing tool never passes a check silently.
 */
export async function pdfToText(pdf: Buffer, { layout = true } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daicho-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const mode = layout ? ['-layout'] : [];
    const { stdout } = await run('pdftotext', [...mode, '-enc', 'UTF-8', file, '-'], {
      maxBuffer: 64 * 1024 * 1024,
      env: process.env,
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftotext is not installed: install poppler-utils (apt-get install -y poppler-utils)',
      );
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
