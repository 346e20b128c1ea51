import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { HashingProcess } from '@daicho/identity';
import { Role, TestApp } from '../harness/test-app';

/** The nice value of each thread of a process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
function niceOfThreads(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

/**
 * Passwords are hashed in a process of their own at the lowest CPU priority, so that sign-ins use
 * only the CPU other requests leave; a crash of that process fails the calls in flight at most.
 */
describe('identity: password hashing at the lowest priority', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Several hashes in the process at once, so that a kill finds jobs inside it.
    t = await TestApp.start({ PASSWORD_HASH_CONCURRENCY: '8', SIGN_IN_CONCURRENCY: '8' });
  });
  afterAll(() => t.close());

  it('hashes in a separate process whose every thread runs at nice 19', async () => {
    await t.loginAs(Role.HR);
    const pid = t.app.get(HashingProcess).pid;
    expect(pid).not.toBeNull();
    expect(pid).not.toBe(process.pid);
    const nice = niceOfThreads(pid!);
    expect(nice.length).toBeGreaterThan(1); // argon2's threads, not the main one alone
    expect(nice.every((n) => n === 19)).toBe(true);
    // And, where chrt is installed (Debian's util-linux), the idle scheduling policy (5).
    if (existsSync('/usr/bin/chrt') && existsSync(`/proc/${pid}/sched`)) {
      const sched = readFileSync(`/proc/${pid}/sched`, 'utf8');
      expect(/policy\s*:\s*(\d+)/.exec(sched)?.[1]).toBe('5');
    }
    // Where the kernel groups by session (autogroup), in a group of its own at nice 19: the
    // database's processes, in other sessions, are not asked to share with it.
    if (existsSync(`/proc/${pid}/autogroup`)) {
      const group = (p: number | string) => readFileSync(`/proc/${p}/autogroup`, 'utf8').trim();
      expect(group(pid!)).toMatch(/ nice 19$/);
      expect(group(pid!).split(' ')[0]).not.toBe(group('self').split(' ')[0]);
    }
  });

  it('signs in again after the hashing process died, and refuses a wrong password', async () => {
    const user = await t.createUser(Role.SALES);
    const hashing = t.app.get(HashingProcess);
    await t.login(user.email);
    const before = hashing.pid!;
    // At once, before the server has heard of the death (CI once failed here after 200 ms).
    process.kill(before, 'SIGKILL');
    expect(await t.login(user.email)).toEqual(expect.any(String));
    expect(hashing.pid).not.toBe(before);
    const wrong = await t.gql('mutation($i: LoginInput!) { login(input: $i) { token } }', {
      i: { email: user.email, password: 'not the password at all' },
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('loses no sign-in of 20 in flight when the hashing process is killed among them', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => t.createUser(Role.SALES)));
    const hashing = t.app.get(HashingProcess);
    await t.login(users[0]!.email); // the process runs
    const before = hashing.pid!;
    // Its private sending, watched: which job went to which process.
    const sends = jest.spyOn(hashing as unknown as { send: (id: number) => void }, 'send');
    const logins = users.map((u) => t.login(u.email));
    // Killed while jobs wait in it: each is a pure function of its input, so it is sent again.
    for (const deadline = Date.now() + 30_000; sends.mock.calls.length < 2;) {
      if (Date.now() > deadline) throw new Error('no sign-in reached the hashing process');
      await new Promise((r) => setTimeout(r, 5));
    }
    process.kill(before, 'SIGKILL');
    const tokens = await Promise.all(logins);
    const ids = sends.mock.calls.map(([id]) => id);
    sends.mockRestore();
    expect(ids.length).toBeGreaterThan(new Set(ids).size); // some job was sent twice
    expect(tokens.filter((token) => typeof token === 'string' && token.length > 0)).toHaveLength(
      20,
    );
    expect(hashing.pid).not.toBe(before);
    // 41 hashes at the lowest CPU priority: on a busy machine they wait for everyone else.
  }, 180_000);
});
