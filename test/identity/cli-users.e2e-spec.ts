import { spawnSync } from 'node:child_process';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';

/**
 * User:list is a READ entry (staff are persons), every CLI
 * entry names the operator (`cli:<OS user>@<host>`) instead of an anonymous system actor, and
 * user:create of a role that reads personal data waits for approval like any other request.
 */
describe('CLI user commands', () => {
  let t: TestApp;
  let built: string;
  const operator = `cli:${userInfo().username.replace(/[^A-Za-z0-9_-]/g, '_')}@${hostname()
    .split('.')[0]!
    .replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(built, 'dist/apps/cli/src/main.js'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.adminUrl,
        DAICHO_DATA_DIR: t.dataDir,
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  beforeAll(async () => {
    built = serverBuild();
    t = await TestApp.start();
  }, 300_000);
  afterAll(() => t.close());

  it('records user:list as a READ entry by the named operator', async () => {
    await t.createUser(Role.HR, { email: 'listed.person@example.test' });
    const before = await t.ledgerRows(`action = 'READ' AND target_type = 'User'`);
    const list = cli(['user:list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('listed.person@example.test');
    const after = await t.ledgerRows(`action = 'READ' AND target_type = 'User'`);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      actor_kind: 'SYSTEM',
      actor_id: operator,
      actor_role: 'ADMIN',
      details: { listed: await t.count('users') },
    });
    expect(operator).not.toMatch(/@.*\./); // never reads like an e-mail address
  }, 60_000);

  it('creates a non-privileged user directly and an HR user as a pending grant', async () => {
    const auditor = cli([
      'user:create',
      '--email',
      'Cli.Auditor@Example.test',
      '--role',
      'AUDITOR',
    ]);
    expect(auditor.status).toBe(0);
    expect(auditor.stdout).toMatch(/Initial password \(shown only this once\): \S{20}/);
    const grantsBefore = await t.count('access_grants');
    const hr = cli(['user:create', '--email', 'cli.hr@example.test', '--role', 'HR']);
    expect(hr.status).toBe(0);
    expect(hr.stdout).toMatch(/waiting for approval/);
    expect(hr.stdout).not.toMatch(/Initial password/);
    const [row] = await t.dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM users WHERE email = 'cli.hr@example.test'`,
    );
    expect(row!.status).toBe('PENDING');
    expect(await t.count('access_grants')).toBe(grantsBefore + 1);
    const [grant] = await t.dataSource.query<{ requested_by: string; kind: string }[]>(
      'SELECT requested_by, kind FROM access_grants WHERE user_id = $1',
      [row!.id],
    );
    expect(grant).toEqual({ requested_by: operator, kind: 'CREATION' });
    const entries = await t.ledgerRows(`target_id = $1`, [row!.id]);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([
      ['USER_CHANGE', operator],
      ['GRANT_REQUESTED', operator],
    ]);
  }, 60_000);
});
