import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverBuild } from '../harness/server-build';

/**
 * The CLI's exported files (ledger:export, inventory:export, provisions:export) under a stop
 * signal, with the built module in a process of its own: no half-written file is left, no file
 * is left without its record, and a stop that comes while the record is written waits for it.
 */
describe('the CLI writes an exported file whole and recorded, or not at all', () => {
  let built: string;
  beforeAll(() => {
    built = serverBuild();
  });

  /** A command's steps: the bytes written, published when asked, done when stdin closes. */
  const command = (out: string, mode: 'write' | 'publish' | 'publish-then-fail') => {
    const script = `
      const { writeRecordedFile } = require(${JSON.stringify(join(built, 'dist/apps/cli/src/output-file.js'))});
      writeRecordedFile(process.argv[1], async (file) => {
        await file.write(Buffer.from('held personal data'));
        if (process.argv[2] !== 'write') await file.publish();
        console.log('ready');
        await new Promise((resolve) => process.stdin.once('end', resolve).resume());
        if (process.argv[2] === 'publish-then-fail') throw new Error('the entry failed');
        return 'recorded';
      }).then((r) => console.log(r), (e) => { console.error(e.message); process.exitCode = 1; });`;
    const child = spawn(process.execPath, ['-e', script, out, mode]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const output = () => ({ stdout, stderr });
    return { child, exited, output };
  };

  const until = async (what: () => boolean, label: string) => {
    const deadline = Date.now() + 30_000;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const folder = () => mkdtempSync(join(tmpdir(), 'daicho-cli-out-'));

  it('a stop before the file is published removes what was written and exits as the signal', async () => {
    const dir = folder();
    const run = command(join(dir, 'bundle.tar'), 'write');
    await until(() => run.output().stdout.includes('ready'), 'the written file');
    expect(readdirSync(dir).filter((f) => f.startsWith('bundle.tar.partial-'))).toHaveLength(1);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 128 + 15, signal: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stop after it was published lets the record finish, the file stays, then ends as the signal', async () => {
    const dir = folder();
    const out = join(dir, 'inventory.xlsx');
    const run = command(out, 'publish');
    await until(() => run.output().stdout.includes('ready'), 'the published file');
    run.child.kill('SIGINT');
    await until(() => run.output().stderr.includes('finishing the record'), 'the deferred stop');
    expect(run.child.exitCode).toBeNull();
    // A second Ctrl-C while it finishes changes nothing either.
    run.child.kill('SIGINT');
    run.child.stdin.end();
    expect(await run.exited).toEqual({ code: 128 + 2, signal: null });
    expect(run.output().stdout).toContain('recorded');
    expect(readdirSync(dir)).toEqual(['inventory.xlsx']);
    expect(readFileSync(out, 'utf8')).toBe('held personal data');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('a record that fails takes the published name away again', async () => {
    const dir = folder();
    const run = command(join(dir, 'provisions.csv'), 'publish-then-fail');
    await until(() => run.output().stdout.includes('ready'), 'the published file');
    expect(readdirSync(dir)).toHaveLength(2); // the name and the temporary name, one file
    run.child.stdin.end();
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output().stderr).toContain('the entry failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never overwrites a file that has the name', async () => {
    const dir = folder();
    const out = join(dir, 'kept.csv');
    writeFileSync(out, 'somebody else’s file');
    const run = command(out, 'publish');
    run.child.stdin.end();
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output().stderr).toContain('exists already: choose another --out');
    expect(run.output().stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['kept.csv']);
    expect(readFileSync(out, 'utf8')).toBe('somebody else’s file');
  });
});
