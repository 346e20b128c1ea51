import { ActorAuthenticator } from '@daicho/access';
import { ChangeFeed } from '@daicho/platform';
import { CategoryListCache } from '@daicho/inventory';
import { PurposeService } from '../../libs/inventory/src/purpose/purpose.service';
import { RecipientService } from '../../libs/inventory/src/recipient/recipient.service';
import { StorageSystemService } from '../../libs/inventory/src/system/storage-system.service';
import { Role, TestApp } from '../harness/test-app';

const UPDATE_CATEGORY = `mutation($code: String!, $input: DataCategoryChanges!) {
  updateDataCategory(code: $code, input: $input) { version } }`;
const CREATE_KEY =
  'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }';

type Answer = Awaited<ReturnType<TestApp['gql']>>;
const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
const seminarOf = (answer: Answer) =>
  (
    answer.data as { dataCategories: { code: string; approximateRecords: number }[] } | undefined
  )?.dataCategories.find((c) => c.code === 'SEMINAR')?.approximateRecords;

/**
 * The catalog's answer is kept per caller and exact query (@KeptAnswer), so the query every
 * console page and integration sends is not executed field by field each time. What must hold:
 * a kept answer is the answer the query would give; every call still meets the guard's decision
 * (and a refusal is recorded); a change ends kept answers on the next request, on every server.
 * READ_CACHE_MS is 60 s here so that nothing ends by age during a case.
 */
describe('platform: kept answers of the catalog', () => {
  let a: TestApp;
  let b: TestApp;
  let cpo: string;
  let runs: jest.SpyInstance;
  let caseNo = 0;
  /** A catalog query no earlier case asked (kept answers are per exact text). */
  const freshCatalog = () =>
    `query Case${++caseNo} { dataCategories { code approximateRecords items { key } } }`;

  beforeAll(async () => {
    a = await TestApp.start({ READ_CACHE_MS: '60000' });
    b = await a.peer({ READ_CACHE_MS: '60000' });
    cpo = (await a.loginAs(Role.CPO)).token;
    // Each server listens on the catalog's channel from its first catalog read on; until it does
    // (a moment), answers are made but not kept.
    for (const server of [a, b]) {
      expect((await server.gql('{ dataCategories { code } }', {}, cpo)).errors).toBeUndefined();
      const feed = server.app.get(ChangeFeed);
      for (const deadline = Date.now() + 30_000; !feed.live;) {
        if (Date.now() > deadline) throw new Error('the change feed did not start listening');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    // How often the catalog's resolver runs (it reads through this copy every time), on either
    // server: the first case asks only a.
    runs = jest.spyOn(CategoryListCache.prototype, 'list');
  });
  afterAll(async () => {
    runs?.mockRestore();
    await b?.stop();
    await a?.close();
  });

  it('gives the same caller the same answer without running the query; other text, variables or callers run', async () => {
    const { token } = await a.loginAs(Role.AUDITOR);
    const catalog = freshCatalog();
    runs.mockClear();
    const first = await a.gql(catalog, {}, token);
    expect(first.errors).toBeUndefined();
    expect((first.data as { dataCategories: unknown[] }).dataCategories.length).toBeGreaterThan(10);
    const again = await Promise.all(Array.from({ length: 20 }, () => a.gql(catalog, {}, token)));
    for (const answer of again) expect(answer).toEqual(first);
    expect(runs).toHaveBeenCalledTimes(1);

    const filtered = 'query($f: DataCategoryFilter) { dataCategories(filter: $f) { code } }';
    const employees = { f: { subjectType: 'EMPLOYEE' } };
    const one = await a.gql(filtered, employees, token);
    expect(await a.gql(filtered, employees, token)).toEqual(one);
    // Variables the query does not declare change nothing in it (graphql-js ignores them).
    expect(await a.gql(filtered, { ...employees, padding: 'x'.repeat(10_000) }, token)).toEqual(
      one,
    );
    expect(runs).toHaveBeenCalledTimes(2);
    const other = await a.gql(filtered, { f: { subjectType: 'APPLICANT' } }, token);
    expect(other.errors).toBeUndefined();
    expect(other.data).not.toEqual(one.data);
    expect(runs).toHaveBeenCalledTimes(3);

    // A query with anything else at its root is never kept: each call runs.
    const mixed = '{ dataCategories { code } me { id } }';
    for (let i = 0; i < 2; i++) expect((await a.gql(mixed, {}, token)).errors).toBeUndefined();
    expect(runs).toHaveBeenCalledTimes(5);

    // Another caller of the same role gets no one else's kept answer.
    const colleague = await a.loginAs(Role.AUDITOR);
    expect(await a.gql(catalog, {}, colleague.token)).toEqual(first);
    expect(runs).toHaveBeenCalledTimes(6);
  });

  it("refuses and records on every call what the guard refuses, whoever's answer is kept", async () => {
    const catalog = freshCatalog();
    const { user, token } = await a.loginAs(Role.AUDITOR);
    for (let i = 0; i < 2; i++) expect((await a.gql(catalog, {}, token)).errors).toBeUndefined();
    const denials = async (actorId: string) =>
      (await a.ledgerRows(`action = 'DENIED' AND actor_id = $1`, [actorId])).length;

    // An administrator requires a new password: the caller's next calls are refused, each recorded.
    await a.changedBySql(`UPDATE users SET must_change_password = true WHERE id = $1`, [user.id]);
    for (let i = 0; i < 2; i++) {
      const refused = await a.gql(catalog, {}, token);
      expect(codeOf(refused)).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toMatch(/change your initial password/);
    }
    expect(await denials(user.id)).toBe(2);

    // A key without catalog:read, asking the text another key's answer is kept under.
    const admin = (await a.loginAs(Role.ADMIN)).token;
    const key = async (scopes: string[]) =>
      (
        await a.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
          CREATE_KEY,
          { input: { name: `kept ${scopes.join(' ')}`, scopes } },
          admin,
        )
      ).data!.createApiKey;
    const reader = await key(['catalog:read']);
    for (let i = 0; i < 2; i++)
      expect((await a.gql(catalog, {}, reader.secret)).errors).toBeUndefined();
    const unrelated = await key(['users:read']);
    for (let i = 0; i < 2; i++)
      expect(codeOf(await a.gql(catalog, {}, unrelated.secret))).toBe('FORBIDDEN');
    expect(await denials(unrelated.apiKey.id)).toBe(2);

    // Signed out: not signed in, whatever was kept for the session.
    const leaving = await a.loginAs(Role.SALES);
    for (let i = 0; i < 2; i++)
      expect((await a.gql(catalog, {}, leaving.token)).errors).toBeUndefined();
    expect((await a.gql('mutation { logout }', {}, leaving.token)).errors).toBeUndefined();
    expect(codeOf(await a.gql(catalog, {}, leaving.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await a.gql(catalog, {}, undefined))).toBe('UNAUTHENTICATED');
    // A credential is checked once a request, though the keeper asks before the guard does.
    const checks = jest.spyOn(a.app.get(ActorAuthenticator), 'authenticate');
    try {
      expect(codeOf(await a.gql(catalog, {}, 'not-a-session-token'))).toBe('UNAUTHENTICATED');
      expect((await a.gql(catalog, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(checks).toHaveBeenCalledTimes(2);
    } finally {
      checks.mockRestore();
    }
  });

  it('shows a catalog change on the next read on both servers, with 20 reads racing the change', async () => {
    const catalog = freshCatalog();
    const reader = (await a.loginAs(Role.SALES)).token;
    for (const server of [a, b, a, b])
      expect(seminarOf(await server.gql(catalog, {}, reader))).toBeDefined();
    const before = seminarOf(await a.gql(catalog, {}, reader));
    for (const value of [7001, 7002, 7003]) {
      // Twenty reads on each server while the CPO's change commits: each sees the old or the new.
      const racing = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).gql(catalog, {}, reader));
      const changed = await a.gql(
        UPDATE_CATEGORY,
        { code: 'SEMINAR', input: { approximateRecords: value } },
        cpo,
      );
      expect(changed.errors).toBeUndefined();
      const during = (await Promise.all(racing)).map(seminarOf);
      for (const seen of during) expect([before, value - 1, value]).toContain(seen);
      // Once the change is answered (a) and heard (b), every read shows it.
      await b.app.get(ChangeFeed).settled();
      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).gql(catalog, {}, reader)),
      );
      expect(after.map(seminarOf)).toEqual(Array.from({ length: 20 }, () => value));
    }
    // One category by its code, kept the same way.
    const one = `query One${caseNo} { dataCategory(code: "SEMINAR") { approximateRecords } }`;
    const countOf = (answer: Answer) =>
      (answer.data as { dataCategory?: { approximateRecords: number } } | undefined)?.dataCategory
        ?.approximateRecords;
    for (const server of [a, b, a, b])
      expect(countOf(await server.gql(one, {}, reader))).toBe(7003);
    const changed = await a.gql(
      UPDATE_CATEGORY,
      { code: 'SEMINAR', input: { approximateRecords: 7004 } },
      cpo,
    );
    expect(changed.errors).toBeUndefined();
    await b.app.get(ChangeFeed).settled();
    for (const server of [a, b]) expect(countOf(await server.gql(one, {}, reader))).toBe(7004);
  });

  it('keeps the other catalog reads too, each ended by a change to its table on both servers', async () => {
    const reader = (await a.loginAs(Role.HR)).token;
    const reads = [
      { list: 'purposes', one: 'purpose', table: 'purposes', service: PurposeService },
      {
        list: 'storageSystems',
        one: 'storageSystem',
        table: 'storage_systems',
        service: StorageSystemService,
      },
      { list: 'recipients', one: 'recipient', table: 'recipients', service: RecipientService },
    ] as const;
    for (const [n, read] of reads.entries()) {
      const listQuery = `query List${n} { ${read.list} { code name { en } } }`;
      const oneQuery = `query One${n}($code: String!) { ${read.one}(code: $code) { code name { en } } }`;
      const rows = (await a.gql(listQuery, {}, reader)).data?.[read.list] as { code: string }[];
      const code = rows[0]!.code;
      const listed = jest.spyOn(read.service.prototype, 'list');
      const fetched = jest.spyOn(read.service.prototype, 'get');
      try {
        const enOf = (answer: Answer, one: boolean) => {
          const data = answer.data as Record<string, unknown> | undefined;
          return one
            ? (data?.[read.one] as { name: { en: string } } | undefined)?.name.en
            : (data?.[read.list] as { code: string; name: { en: string } }[]).find(
                (row) => row.code === code,
              )?.name.en;
        };
        for (const server of [a, b, a, b, a, b]) {
          expect((await server.gql(listQuery, {}, reader)).errors).toBeUndefined();
          expect((await server.gql(oneQuery, { code }, reader)).errors).toBeUndefined();
        }
        // Once per server each, the first time (the list's first above was before the spy).
        expect(listed.mock.calls.length).toBeLessThanOrEqual(1);
        expect(fetched.mock.calls.length).toBeLessThanOrEqual(2);
        const renamed = `renamed by the operator ${n}`;
        await a.changedBySql(
          `UPDATE ${read.table} SET name = jsonb_set(name, '{en}', to_jsonb($1::text)) WHERE code = $2`,
          [renamed, code],
        );
        await b.app.get(ChangeFeed).settled();
        for (const server of [a, b]) {
          expect(enOf(await server.gql(listQuery, {}, reader), false)).toBe(renamed);
          expect(enOf(await server.gql(oneQuery, { code }, reader), true)).toBe(renamed);
        }
      } finally {
        listed.mockRestore();
        fetched.mockRestore();
      }
    }
  });
});
