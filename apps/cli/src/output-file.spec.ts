import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRecordedFile } from './output-file';

/** What link(2) answers in this file; undefined: the real link. */
const mockLinkFailure: { error?: Error } = {};
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return {
    ...actual,
    link: jest.fn((from: string, to: string) =>
      mockLinkFailure.error ? Promise.reject(mockLinkFailure.error) : actual.link(from, to),
    ),
  };
});

/** Where the file system has no hard links (FAT, exFAT, some SMB mounts): an exclusive copy. */
describe('an exported file on a file system without hard links', () => {
  afterEach(() => (mockLinkFailure.error = undefined));

  const failing = (code: string, message: string) =>
    (mockLinkFailure.error = Object.assign(new Error(message), { code }));
  const noLinks = () => failing('EPERM', 'operation not permitted');

  it('is copied to its name, whole and readable by the operator alone', async () => {
    noLinks();
    const dir = mkdtempSync(join(tmpdir(), 'daicho-nolinks-'));
    const out = join(dir, 'inventory.csv');
    await writeRecordedFile(out, async (file) => {
      await file.write(Buffer.from('held personal data'));
      await file.publish();
    });
    expect(readdirSync(dir)).toEqual(['inventory.csv']);
    expect(readFileSync(out, 'utf8')).toBe('held personal data');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('still never overwrites a file that took the name meanwhile', async () => {
    noLinks();
    const dir = mkdtempSync(join(tmpdir(), 'daicho-nolinks-'));
    const out = join(dir, 'provisions.csv');
    await expect(
      writeRecordedFile(out, async (file) => {
        await file.write(Buffer.from('held personal data'));
        await writeFile(out, 'somebody else’s file');
        await file.publish();
      }),
    ).rejects.toThrow('exists already');
    expect(readdirSync(dir)).toEqual(['provisions.csv']);
    expect(readFileSync(out, 'utf8')).toBe('somebody else’s file');
  });

  it('fails on any other link error, leaving nothing', async () => {
    failing('ENOSPC', 'no space left');
    const dir = mkdtempSync(join(tmpdir(), 'daicho-nolinks-'));
    await expect(
      writeRecordedFile(join(dir, 'x.tar'), async (file) => {
        await file.write(Buffer.from('x'));
        await file.publish();
      }),
    ).rejects.toThrow('no space left');
    expect(readdirSync(dir)).toEqual([]);
  });
});
