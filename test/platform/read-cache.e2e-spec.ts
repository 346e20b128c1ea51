import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ChangeFeed, ChangesSettledInterceptor } from '@daicho/platform';
import { Client, type Notification } from 'pg';
import { Role, TestApp } from '../harness/test-app';

const ME = '{ me { id role } }';
const CATALOG = '{ dataCategories { code retentionPeriod approximateRecords } }';
const UPDATE_USER =
  'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }';
const UPDATE_CATEGORY = `mutation($code: String!, $input: DataCategoryChanges!) {
  updateDataCategory(code: $code, input: $input) { version } }`;

type Answer = Awaited<ReturnType<TestApp['gql']>>;
const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

/**
 * Servers keep what they read about sessions, API keys and the catalog for a few seconds
 * (READ_CACHE_MS; 60 s here, so that no copy ages out during a case). A change made on one server, or straight in the
 * database, must still take effect on the very next request on every server: each case below
 * first has both servers answer from memory, then changes, then asks both at once.
 */
describe('platform: what servers keep in memory ends with the change, on every server', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;

  beforeAll(async () => {
    a = await TestApp.start({ READ_CACHE_MS: '60000' });
    b = await a.peer({ READ_CACHE_MS: '60000' });
    admin = (await a.loginAs(Role.ADMIN)).token;
  });
  /** A new API key that may read the catalog, made by the administrator on server a. */
  async function catalogKey(name: string) {
    const created = await a.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
      { input: { name, scopes: ['catalog:read'] } },
      admin,
    );
    return created.data!.createApiKey;
  }
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  /**
   * Both servers answer `query` with `token` (so both hold it), then `change` runs, then both are
   * asked again. A change ends the copies when PostgreSQL's notification reaches each server,
   * which it sends at commit: the pause gives it the time to arrive on this busy two-core machine
   * (all of it in one process here), a small fraction of how long copies live (READ_CACHE_MS), so an
   * answer from a copy that was not ended fails the test.
   */
  async function warmThen(token: string, query: string, change: () => Promise<unknown>) {
    for (const server of [a, b, a, b])
      expect((await server.gql(query, {}, token)).errors).toBeUndefined();
    await change();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return Promise.all([a.gql(query, {}, token), b.gql(query, {}, token)]);
  }

  it('ends a session at logout on the other server too', async () => {
    const { token } = await a.loginAs(Role.HR);
    const after = await warmThen(token, ME, () => b.gql('mutation { logout }', {}, token));
    expect(after.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('refuses a disabled user at once, and serves a changed role at once', async () => {
    const sales = await a.loginAs(Role.SALES);
    const moved = await warmThen(sales.token, ME, async () => {
      // A move to AUDITOR needs no second person's approval (department roles do).
      const changed = await a.gql(
        UPDATE_USER,
        { id: sales.user.id, input: { role: 'AUDITOR' } },
        admin,
      );
      expect(changed.errors).toBeUndefined();
    });
    expect(moved.map((m) => (m.data as { me: { role: string } }).me.role)).toEqual([
      'AUDITOR',
      'AUDITOR',
    ]);
    const disabled = await warmThen(sales.token, ME, () =>
      b.gql(UPDATE_USER, { id: sales.user.id, input: { status: 'DISABLED' } }, admin),
    );
    expect(disabled.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('ends the sessions of a user whose password was reset', async () => {
    // The reset takes effect when a second administrator approves it, on the other server.
    const auditor = await a.loginAs(Role.AUDITOR);
    const second = (await a.loginAs(Role.ADMIN)).token;
    const after = await warmThen(auditor.token, ME, async () => {
      const reset = await b.gql(
        'mutation($id: ID!) { resetPassword(id: $id) }',
        { id: auditor.user.id },
        admin,
      );
      expect(reset.errors).toBeUndefined();
      const [grant] = await a.dataSource.query<{ id: string }[]>(
        `SELECT id FROM access_grants WHERE user_id = $1 AND status = 'PENDING'`,
        [auditor.user.id],
      );
      const approved = await a.gql(
        'mutation($id: ID!) { approveAccessGrant(id: $id) { id } }',
        { id: grant!.id },
        second,
      );
      expect(approved.errors).toBeUndefined();
    });
    expect(after.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('refuses a revoked API key at once on both', async () => {
    const { secret, apiKey } = await catalogKey('catalog sync');
    const after = await warmThen(secret, CATALOG, () =>
      b.gql('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: apiKey.id }, admin),
    );
    expect(after.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('refuses on the very next request, with no pause, on the server that made the change', async () => {
    // The server answers a logout or a revocation only once its own copies have heard it: the
    // next request cannot beat the notification. Twenty rounds each, no pause between the calls.
    for (let round = 0; round < 20; round++) {
      const { token } = await a.loginAs(Role.SALES);
      for (let i = 0; i < 2; i++) expect((await a.gql(ME, {}, token)).errors).toBeUndefined();
      expect((await a.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
      expect(codeOf(await a.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    }
    for (let round = 0; round < 20; round++) {
      const { secret, apiKey } = await catalogKey(`same-server ${round}`);
      for (let i = 0; i < 2; i++) expect((await a.gql(CATALOG, {}, secret)).errors).toBeUndefined();
      const revoked = await a.gql(
        'mutation($id: ID!) { revokeApiKey(id: $id) }',
        { id: apiKey.id },
        admin,
      );
      expect(revoked.errors).toBeUndefined();
      expect(codeOf(await a.gql(CATALOG, {}, secret))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses on the very next request on the other server too, however late its notification arrives', async () => {
    // Server b hears every notification 300 ms late (a stalled event loop, a slow network),
    // still in commit order. A logout or a revocation answered by a must end b's next request
    // all the same: b uses a copy of a session or a key only once its own barrier is heard back.
    // Its private delivery, wrapped.
    const feed = b.app.get<
      ChangeFeed,
      { deliver: (n: Notification) => void; lost: () => void; live: boolean }
    >(ChangeFeed);
    const onTime = feed.deliver.bind(feed);
    feed.deliver = (n) => void setTimeout(() => onTime(n), 300);
    // A round counts only when every barrier was heard back in time: b's feed was not given up
    // (which would also refuse, by reading the database, and hide a barrier that does not work).
    // A machine that stalls past the barrier's second spoils a round; three must be clean.
    const lost = jest.spyOn(feed, 'lost');
    let clean = 0;
    try {
      for (let round = 0; round < 10 && clean < 3; round++) {
        lost.mockClear();
        const deadline = Date.now() + 20_000;
        while (!feed.live && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(feed.live).toBe(true);
        const { token } = await a.loginAs(Role.SALES);
        for (let i = 0; i < 2; i++) expect((await b.gql(ME, {}, token)).errors).toBeUndefined();
        expect((await a.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
        expect(codeOf(await b.gql(ME, {}, token))).toBe('UNAUTHENTICATED');

        const { secret, apiKey } = await catalogKey(`late notice ${round}`);
        for (let i = 0; i < 2; i++)
          expect((await b.gql(CATALOG, {}, secret)).errors).toBeUndefined();
        const revoked = await a.gql(
          'mutation($id: ID!) { revokeApiKey(id: $id) }',
          { id: apiKey.id },
          admin,
        );
        expect(revoked.errors).toBeUndefined();
        expect(codeOf(await b.gql(CATALOG, {}, secret))).toBe('UNAUTHENTICATED');
        // A feed down at any point served the round from the database: not clean either.
        if (lost.mock.calls.length === 0 && feed.live) clean += 1;
      }
      expect(clean).toBe(3);
    } finally {
      feed.deliver = onTime;
      lost.mockRestore();
    }
  });

  it('has every HTTP route but GET wait for the copies too, as GraphQL mutations do', () => {
    // GraphQL mutations settle in one plugin; controllers opt in with the interceptor, so a new
    // route that changes something and forgets it fails here.
    const routes: string[] = [];
    for (const module of a.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as { name: string; prototype: Record<string, unknown> };
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name] as object;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
          if (method === undefined || method === Number(RequestMethod.GET)) continue;
          const interceptors = [
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, type) as unknown[]) ?? []),
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[]) ?? []),
          ];
          routes.push(`${type.name}.${name} ${interceptors.includes(ChangesSettledInterceptor)}`);
        }
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(4); // console sign-in, MFA, logout, file upload
    expect(routes.filter((route) => route.endsWith('false'))).toEqual([]);
  });

  it('takes changes made straight in the database, not through a server, as well', async () => {
    const hr = await a.loginAs(Role.HR);
    const rolled = await warmThen(hr.token, ME, () =>
      a.dataSource.query(`UPDATE users SET role = 'AUDITOR' WHERE id = $1`, [hr.user.id]),
    );
    expect(rolled.map((m) => (m.data as { me: { role: string } }).me.role)).toEqual([
      'AUDITOR',
      'AUDITOR',
    ]);
    const ended = await warmThen(hr.token, ME, () =>
      a.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [hr.user.id]),
    );
    expect(ended.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    // A change under replica role (a restore, logical replication, an operator's fix) notifies too.
    const replica = await a.loginAs(Role.SALES);
    const replayed = await warmThen(replica.token, ME, async () => {
      const superuser = new Client({ connectionString: a.adminUrl });
      await superuser.connect();
      try {
        await superuser.query('BEGIN');
        await superuser.query('SET LOCAL session_replication_role = replica');
        await superuser.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [
          replica.user.id,
        ]);
        await superuser.query('COMMIT');
      } finally {
        await superuser.end();
      }
    });
    expect(replayed.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    // TRUNCATE fires no row trigger; it ends every copy.
    const other = await a.loginAs(Role.SALES);
    const emptied = await warmThen(other.token, ME, () => a.dataSource.query(`TRUNCATE sessions`));
    expect(emptied.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('has every change notification fire in every session (a later migration must keep it so)', async () => {
    // A trigger made again by a migration comes back as an ordinary one, skipped under replica role.
    const triggers = await a.dataSource.query<{ name: string; enabled: string }[]>(
      `SELECT t.tgname AS name, t.tgenabled AS enabled
         FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE p.proname LIKE 'notify\\_%' AND NOT t.tgisinternal
        ORDER BY t.tgname`,
    );
    expect(triggers.length).toBe(14); // credentials 6, truncation 4, catalog 4
    expect(triggers.filter((t) => t.enabled !== 'A').map((t) => t.name)).toEqual([]);
  });

  it('shows a catalog change on the next read, on both servers', async () => {
    const cpo = (await a.loginAs(Role.CPO)).token;
    const reader = (await b.loginAs(Role.AUDITOR)).token;
    const seminarOf = (answer: Answer) =>
      (
        answer.data as { dataCategories: { code: string; approximateRecords: number }[] }
      ).dataCategories.find((c) => c.code === 'SEMINAR')?.approximateRecords;
    const after = await warmThen(reader, CATALOG, async () => {
      const updated = await a.gql(
        UPDATE_CATEGORY,
        { code: 'SEMINAR', input: { approximateRecords: 4321 } },
        cpo,
      );
      expect(updated.errors).toBeUndefined();
    });
    expect(after.map(seminarOf)).toEqual([4321, 4321]);
    const direct = await warmThen(reader, CATALOG, () =>
      a.dataSource.query(
        `UPDATE data_categories SET approximate_records = 1234 WHERE code = 'SEMINAR'`,
      ),
    );
    expect(direct.map(seminarOf)).toEqual([1234, 1234]);
  });

  it('reads from the database while the change notifications are cut, and keeps nothing stale after', async () => {
    const { user, token } = await a.loginAs(Role.SALES);
    for (const server of [a, b]) expect((await server.gql(ME, {}, token)).errors).toBeUndefined();
    // Cut both servers' listening connections, then change a fact nobody is told about.
    await a.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'daicho-change-feed' AND datname = current_database()`,
    );
    await new Promise((r) => setTimeout(r, 50));
    await a.dataSource.query(`UPDATE users SET role = 'FACILITIES' WHERE id = $1`, [user.id]);
    const roles = await Promise.all([a.gql(ME, {}, token), b.gql(ME, {}, token)]);
    expect(roles.map((m) => (m.data as { me: { role: string } }).me.role)).toEqual([
      'FACILITIES',
      'FACILITIES',
    ]);
    // The servers listen again by themselves; once they do, a change is told again.
    const deadline = Date.now() + 10_000;
    const listening = async () =>
      (
        await a.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = 'daicho-change-feed' AND datname = current_database()`,
        )
      )[0]?.n ?? 0;
    while ((await listening()) < 2) {
      if (Date.now() > deadline) throw new Error('the servers did not listen again');
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await warmThen(token, ME, () =>
      a.dataSource.query(`UPDATE users SET status = 'DISABLED' WHERE id = $1`, [user.id]),
    );
    expect(after.map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });
});
