import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';

const RECORD = `mutation RecordAccessEvents($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded duplicates } }`;
const CATALOG = `query Catalog { dataCategories { code } }`;
const REGISTER = `mutation($input: RegisterApiKeyOperationInput!) { registerApiKeyOperation(input: $input) { name documentHash registeredAt } }`;

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * An integration's calls: each change carries an Idempotency-Key — the same
 * call twice runs once and answers the same, another call under the key is refused, two at once
 * run once — and a key may be limited to the documents registered for it.
 */
describe('identity: integrations — idempotency keys and operation allow-lists', () => {
  let t: TestApp;
  let admin: string;
  let secret: string;
  let keyId: string;
  let other: string;

  const createKey = async (name: string, scopes: string[]) => {
    const key = await t.integrationKey(name, scopes);
    return { secret: key.secret, apiKey: { id: key.id } };
  };
  /** A call as an integration sends it: its own key header, or none. */
  const call = async (
    token: string,
    query: string,
    variables: Record<string, unknown>,
    idempotencyKey?: string,
  ): Promise<Answer> => {
    let req = t.http
      .post('/graphql')
      .set({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    if (idempotencyKey !== undefined) req = req.set('idempotency-key', idempotencyKey);
    const res = await req.send({ query, variables });
    return { status: res.status, ...(res.body as Omit<Answer, 'status'>) };
  };
  const event = (eventId: string) => ({
    eventId,
    occurredAt: '2026-11-20T09:30:00.000Z',
    action: 'READ',
    subjectId: '550e8400-e29b-41d4-a716-446655440000',
    categoryCode: 'CALL_RECORDING',
    purposeCode: 'QUALITY_IMPROVEMENT',
    fields: ['voiceRecording'],
    actorRef: 'agent-0042',
  });
  const entries = async () =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ledger_entries`))[0]!
      .n;
  const codeOf = (a: Answer) => a.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = (await t.loginAs(Role.ADMIN)).token;
    const key = await createKey('call-centre recorder', ['access-events:write', 'catalog:read']);
    secret = key.secret;
    keyId = key.apiKey.id;
    other = (await createKey('second recorder', ['access-events:write'])).secret;
  });
  afterAll(() => t.close());

  it('runs the same call twice once, and answers the retry as it answered the first', async () => {
    const idem = randomUUID();
    const variables = { input: { events: [event('idem-1'), event('idem-2')] } };
    const before = await entries();
    const first = await call(secret, RECORD, variables, idem);
    expect(first.data).toEqual({ recordAccessEvents: { recorded: 2, duplicates: 0 } });
    const afterFirst = await entries();
    expect(afterFirst - before).toBe(2);
    // Variables in another key order are the same call.
    const retry = await call(
      secret,
      RECORD,
      { input: { events: variables.input.events.map((e) => ({ ...e })).map(reorder) } },
      idem,
    );
    expect(retry).toEqual(first);
    expect(await entries()).toBe(afterFirst);
    const [kept] = await t.dataSource.query<{ state: string; hours: number }[]>(
      `SELECT state, round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours
         FROM idempotency_keys WHERE key = $1`,
      [idem],
    );
    expect(kept).toEqual({ state: 'DONE', hours: 24 });
    // (d) no key: refused before anything runs, and named.
    const none = await call(secret, RECORD, { input: { events: [event('idem-3')] } });
    expect([none.status, codeOf(none)]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(none.errors?.[0]?.message).toContain('Idempotency-Key');
    expect(await entries()).toBe(afterFirst);
    // (e) the same key value from another API key is another key: it runs.
    const elsewhere = await call(other, RECORD, { input: { events: [event('idem-4')] } }, idem);
    expect(elsewhere.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
    // A key of the wrong form is named, not echoed.
    const odd = await call(secret, RECORD, variables, 'short');
    expect(codeOf(odd)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(odd)).not.toContain('"short"');
    // One change per call: two mutation fields under one key are refused before either runs.
    const two = await call(
      secret,
      `mutation Two($a: RecordAccessEventsInput!, $b: RecordAccessEventsInput!) {
        a: recordAccessEvents(input: $a) { recorded } b: recordAccessEvents(input: $b) { recorded } }`,
      { a: { events: [event('two-a')] }, b: { events: [event('two-b')] } },
      randomUUID(),
    );
    expect([two.status, codeOf(two)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(await entries()).toBe(afterFirst + 1);
    // Queries need no key.
    const read = await call(secret, CATALOG, {});
    expect(read.errors).toBeUndefined();
    // An answer that went out as a 400 (variables that do not fit) is replayed as a 400.
    const misfit = randomUUID();
    const badFirst = await call(secret, RECORD, { input: { events: 'not a list' } }, misfit);
    const badRetry = await call(secret, RECORD, { input: { events: 'not a list' } }, misfit);
    expect(badFirst.status).toBe(400);
    expect(badRetry).toEqual(badFirst);
  });

  it('refuses the key for another call, with nothing written', async () => {
    const idem = randomUUID();
    await call(secret, RECORD, { input: { events: [event('reuse-1')] } }, idem);
    const before = await entries();
    const reused = await call(secret, RECORD, { input: { events: [event('reuse-2')] } }, idem);
    expect([reused.status, codeOf(reused)]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(reused.data ?? null).toBeNull();
    expect(await entries()).toBe(before);
  });

  it('runs twenty concurrent calls with one key once: the others wait their turn or replay', async () => {
    const idem = randomUUID();
    const variables = { input: { events: [event('race-1')] } };
    const before = await entries();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(secret, RECORD, variables, idem)),
    );
    const ran = answers.filter((a) => a.data);
    const busy = answers.filter((a) => codeOf(a) === 'IDEMPOTENCY_IN_PROGRESS');
    for (const a of busy) expect(a.status).toBe(409);
    expect(ran.length + busy.length).toBe(20);
    expect(ran.length).toBeGreaterThanOrEqual(1);
    for (const a of ran)
      expect(a.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
    expect(await entries()).toBe(before + 1);
    // Once it finished, a retry replays it.
    const later = await call(secret, RECORD, variables, idem);
    expect(later.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
  });

  it('claims no key for a call another rule refused, never reruns a call that died, and refuses numbers JSON cannot hold', async () => {
    // The text rule refuses a NUL byte before anything runs: the key stays free for the fix.
    const idem = randomUUID();
    const broken = await call(
      secret,
      RECORD,
      { input: { events: [{ ...event('nul-1'), actorRef: 'agent\u00000042' }] } },
      idem,
    );
    expect(codeOf(broken)).toBe('BAD_USER_INPUT');
    const fixed = await call(secret, RECORD, { input: { events: [event('nul-1')] } }, idem);
    expect(fixed.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
    // A call whose server died after claiming its key: its effect is unknown, so it never runs
    // again under that key.
    const died = randomUUID();
    const variables = { input: { events: [event('died-1')] } };
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (api_key_id, key, fingerprint, state, created_at, expires_at)
       VALUES ($1, $2, $3, 'IN_PROGRESS', now() - interval '10 minutes', now() + interval '1 day')`,
      [
        keyId,
        died,
        createHash('sha256')
          .update(
            canonicalJson({
              query: RECORD,
              operationName: 'RecordAccessEvents',
              variables: variables as unknown as JsonValue,
            }),
          )
          .digest(),
      ],
    );
    const before = await entries();
    const rerun = await call(secret, RECORD, variables, died);
    expect([rerun.status, codeOf(rerun)]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    expect(rerun.errors?.[0]?.message).toContain('unknown');
    expect(await entries()).toBe(before);
    // 1e400 parses to Infinity: named, not a 500.
    const huge = await t.http
      .post('/graphql')
      .set({
        'content-type': 'application/json',
        authorization: `Bearer ${secret}`,
        'idempotency-key': randomUUID(),
      })
      .send(`{"query":${JSON.stringify(RECORD)},"variables":{"input":{"events":[]},"x":1e400}}`);
    expect(huge.status).toBe(400);
    expect((huge.body as Answer).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('limits a key to its registered documents, for good, and records who did it', async () => {
    const limited = await createKey('limited recorder', ['access-events:write', 'catalog:read']);
    // Before any registration the key runs anything its scopes allow.
    expect((await call(limited.secret, CATALOG, {})).errors).toBeUndefined();
    const registered = await t.gql<{
      registerApiKeyOperation: { name: string; documentHash: string };
    }>(
      REGISTER,
      { input: { apiKeyId: limited.apiKey.id, name: 'RecordAccessEvents', document: RECORD } },
      admin,
    );
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerApiKeyOperation).toEqual({
      name: 'RecordAccessEvents',
      documentHash: createHash('sha256').update(RECORD).digest('hex'),
      registeredAt: expect.any(String) as string,
    });
    const ok = await call(
      limited.secret,
      RECORD,
      { input: { events: [event('allowed-1')] } },
      randomUUID(),
    );
    expect(ok.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
    // Another document — even the catalog its scope allows, even the same one reformatted.
    const refused = await call(limited.secret, CATALOG, {});
    expect([refused.status, codeOf(refused)]).toEqual([403, 'PERSISTED_QUERY_NOT_ALLOWED']);
    const before = await entries();
    const reformatted = await call(
      limited.secret,
      RECORD.replace('{ recorded', '{\n  recorded'),
      { input: { events: [event('allowed-2')] } },
      randomUUID(),
    );
    expect(codeOf(reformatted)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(await entries()).toBe(before);
    // Nor any other route: the catalog's download is closed to it too.
    const download = await t.http
      .get('/exports/inventory.csv')
      .set('authorization', `Bearer ${limited.secret}`);
    expect(download.status).toBe(403);
    expect(JSON.stringify(download.body)).toContain('PERSISTED_QUERY_NOT_ALLOWED');
    // Other keys are not limited by it.
    expect((await call(secret, CATALOG, {})).errors).toBeUndefined();
    const open = await t.http
      .get('/exports/inventory.csv')
      .set('authorization', `Bearer ${secret}`);
    expect(open.status).toBe(200);
    // Taking the last document off leaves the key limited to nothing, never open again.
    const removed = await t.gql(
      `mutation($id: ID!, $hash: String!) { removeApiKeyOperation(apiKeyId: $id, documentHash: $hash) }`,
      { id: limited.apiKey.id, hash: registered.data!.registerApiKeyOperation.documentHash },
      admin,
    );
    expect(removed.data).toEqual({ removeApiKeyOperation: true });
    const after = await call(
      limited.secret,
      RECORD,
      { input: { events: [event('allowed-3')] } },
      randomUUID(),
    );
    expect(codeOf(after)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const keys = await t.gql<{
      apiKeys: { edges: { node: { id: string; allowListed: boolean } }[] };
    }>(`{ apiKeys(first: 100) { edges { node { id allowListed } } } }`, {}, admin);
    const listed = keys.data?.apiKeys.edges.map((e) => e.node);
    expect(listed?.find((k) => k.id === limited.apiKey.id)?.allowListed).toBe(true);
    await t.sealLedger();
    const changes = await t.ledgerRows(`action = 'PERMISSION_CHANGE' AND target_id = $1`, [
      limited.apiKey.id,
    ]);
    expect(changes.map((c) => (c.details as { change: string }).change)).toEqual([
      'api key created',
      'api key approved', // access-events:write is beyond the administrator's own rights
      'api key operation allowed',
      'api key operation removed',
    ]);
  });

  it('takes registrations from administrators only, and refuses documents that are not one named operation', async () => {
    const hr = (await t.loginAs(Role.HR)).token;
    const input = { apiKeyId: keyId, name: 'Catalog', document: CATALOG };
    const denied = await t.gql(REGISTER, { input }, hr);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaKey = await call(secret, REGISTER, { input }, randomUUID());
    expect(codeOf(viaKey)).toBe('FORBIDDEN');
    for (const [document, name] of [
      ['query { dataCategories { code } }', 'Catalog'],
      ['query Catalog { dataCategories { code } } query Other { me { id } }', 'Catalog'],
      ['not graphql at all {', 'Catalog'],
    ]) {
      const bad = await t.gql(REGISTER, { input: { apiKeyId: keyId, name, document } }, admin);
      expect([document, bad.errors?.[0]?.extensions?.code]).toEqual([document, 'BAD_USER_INPUT']);
    }
    const unknown = await t.gql(
      REGISTER,
      { input: { apiKeyId: randomUUID(), name: 'Catalog', document: CATALOG } },
      admin,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // None of these limited the key.
    expect((await call(secret, CATALOG, {})).errors).toBeUndefined();
  });
});

/** The same object with its keys in reverse order. */
function reorder<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}
