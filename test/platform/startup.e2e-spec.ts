import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '@daicho/platform';

const ROOT = join(__dirname, '..', '..');

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs the real `npm start` (dependency check, build, embedded PostgreSQL) until it is ready and
 * has printed `until` (the lines after "ready" are separate writes: on a busy machine they can
 * arrive a read later). Its build writes dist/ only; the other process tests run the copy the
 * global set-up made.
 */
async function npmStart(env: Record<string, string>, until = 'GraphQL API ready'): Promise<Server> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 300_000;
  while (!text.includes('GraphQL API ready') || !text.includes(until)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`npm start did not become ready:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => text, exited };
}

function postgresProcessesFor(dataDir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes(dataDir) && line.includes('postgres'));
}

async function gql(port: number, query: string, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('npm start, as a newcomer runs it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'daicho-start-'));

  it('creates the first admin once, keeps data across restarts, and leaves no postgres behind', async () => {
    const port = await freeLoopbackPort();
    const first = await npmStart({ PORT: String(port), DAICHO_DATA_DIR: dataDir }, 'Log in with:');
    const password = /password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeDefined();
    expect(first.output()).toContain('admin@daicho.local');
    const vkey = /ledger checkpoints are signed with (\S+)/.exec(first.output())?.[1];
    expect(vkey).toMatch(/^daicho\.local\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(first.output()).toMatch(/key fingerprint SHA256:[A-Za-z0-9+/]{43}=/);
    const login = (await gql(
      port,
      `mutation { login(input: {email: "admin@daicho.local", password: "${password}"}) { token mustChangePassword } }`,
    )) as {
      data: { login: { token: string; mustChangePassword: boolean } };
    };
    expect(login.data.login.mustChangePassword).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', server: 'up', database: 'up' });
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = await npmStart({ PORT: String(port), DAICHO_DATA_DIR: dataDir });
    expect(second.output()).not.toContain('initial administrator was created');
    // The same signing key across restarts: checkpoints keep verifying under the pinned key.
    expect(second.output()).toContain(`ledger checkpoints are signed with ${vkey}`);
    const again = (await gql(
      port,
      `mutation { login(input: {email: "admin@daicho.local", password: "${password}"}) { token } }`,
    )) as {
      data: { login: { token: string } };
    };
    const me = await gql(port, '{ me { email role } }', again.data.login.token);
    expect(me).toEqual({ data: { me: { email: 'admin@daicho.local', role: 'ADMIN' } } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 600_000);

  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://nope'],
    ['SESSION_IDLE_MINUTES', '0'],
  ])('refuses to start with %s=%s, naming the variable in one line', (variable, value) => {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, DAICHO_DATA_DIR: dataDir, [variable]: value },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('runs the CLI on the same database as the server', () => {
    const cli = (args: string[]) =>
      execFileSync(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', DAICHO_DATA_DIR: dataDir },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    // AUDITOR needs no second approval; personal-data roles wait (test/identity/cli-users).
    const created = cli(['user:create', '--email', 'Suzuki@Example.jp', '--role', 'AUDITOR']);
    expect(created).toMatch(/Created AUDITOR user suzuki@example\.jp/);
    expect(created).toMatch(/Initial password \(shown only this once\): \S{20}/);
    const list = cli(['user:list']);
    expect(list).toContain('suzuki@example.jp');
    expect(list).toContain('admin@daicho.local');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});
