import { LedgerSequencer } from '@daicho/ledger';
import { Role, TestApp, TEST_PASSWORD } from '../harness/test-app';
import { WebhookEndpoint } from '../harness/webhook-endpoint';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) { id values { key value } } }`;

/**
 * Two servers on one database, as behind a load balancer :
 * the login budget holds across them, one of them seals the ledger, one sweeps, each webhook
 * event is delivered once between them, and a client alternating between them sees one state.
 */
describe('platform: several servers at once', () => {
  let a: TestApp;
  let b: TestApp;
  let endpoint: WebhookEndpoint;

  beforeAll(async () => {
    endpoint = await WebhookEndpoint.start();
    // Both sweep at start (RETENTION_SWEEP_HOURS defaults to 24) and both deliver webhooks.
    const env = {
      WEBHOOK_ALLOWED_HOSTS: `http:127.0.0.1:${endpoint.port}`,
      WEBHOOK_RELAY_MS: '50',
    };
    a = await TestApp.start(env);
    b = await a.peer(env);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await endpoint?.close();
  });

  it('runs one retention sweep for the period between them', async () => {
    const deadline = Date.now() + 10_000;
    while ((await a.count(`outbox_events WHERE type = 'retention.run'`)) === 0) {
      if (Date.now() > deadline) throw new Error('no retention sweep ran');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000)); // time for a second, wrong, sweep to show
    expect(await a.count(`outbox_events WHERE type = 'retention.run'`)).toBe(1);
    const [lease] = await a.dataSource.query<{ started_by: string | null }[]>(
      `SELECT started_by FROM retention_sweep_lease`,
    );
    expect(lease?.started_by).toBeTruthy();
  });

  it('delivers each webhook event once between them', async () => {
    const admin = (await a.loginAs(Role.ADMIN)).token;
    const key = await a.gql<{ createApiKey: { apiKey: { id: string } } }>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`,
      { input: { name: 'HR system', scopes: ['catalog:read'] } },
      admin,
    );
    const hook = await b.gql<{ createWebhook: { webhook: { id: string } } }>(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
      {
        input: {
          apiKeyId: key.data!.createApiKey.apiKey.id,
          url: endpoint.url('/hooks/two'),
          events: ['RECORD_CREATED'],
        },
      },
      admin,
    );
    expect(hook.errors).toBeUndefined();
    const approved = await a.gql(
      `mutation($id: ID!) { approveWebhook(id: $id) { id } }`,
      { id: hook.data!.createWebhook.webhook.id },
      (await a.loginAs(Role.CPO)).token,
    );
    expect(approved.errors).toBeUndefined();
    const hr = await b.loginAs(Role.HR);
    const ids: string[] = [];
    for (const [n, server] of [a, b, a, b].entries()) {
      const created = await server.gql<{ createRecord: { id: string } }>(
        CREATE,
        {
          input: {
            categoryCode: 'EMPLOYEE',
            collectedAt: '2026-04-01T00:00:00Z',
            source: 'hiring documents',
            consentRef: 'employment contract',
            values: [{ key: 'name', value: `配信 ${n}` }],
          },
        },
        hr.token,
      );
      expect(created.errors).toBeUndefined();
      ids.push(created.data!.createRecord.id);
    }
    await endpoint.until(() => endpoint.received.length >= 4);
    // The endpoint has each before its sender marks it DELIVERED: waited for, not assumed.
    const deliveries = () =>
      a.dataSource.query<{ status: string; attempts: number }[]>(
        `SELECT status, attempts FROM webhook_deliveries WHERE webhook_id = $1`,
        [hook.data!.createWebhook.webhook.id],
      );
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      if ((await deliveries()).every((d) => d.status === 'DELIVERED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500)); // both relays ask many times meanwhile
    expect(endpoint.received.map((r) => r.event.data.recordId)).toEqual(ids);
    const attempts = await deliveries();
    expect(attempts).toEqual(Array(4).fill({ status: 'DELIVERED', attempts: 1 }));
  });

  it('holds the login budget across servers: the failures on both count together', async () => {
    const user = await a.createUser(Role.HR);
    const attempt = (server: TestApp, password: string) =>
      server.gql(LOGIN, { input: { email: user.email, password } });
    // LOGIN_FAILURES_PER_ACCOUNT (10) failures from this address, alternating servers.
    for (let n = 0; n < 10; n++) {
      const wrong = await attempt(n % 2 ? b : a, `wrong password ${n}`);
      expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // Spent on both: even the right password is refused now, on either server.
    for (const server of [a, b]) {
      const refused = await attempt(server, TEST_PASSWORD);
      expect(refused.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    }
    // What the store keeps are digests, never the address or the e-mail.
    const keys = await a.dataSource.query<{ key: string }[]>(`SELECT key FROM login_throttle`);
    expect(keys.length).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toContain(user.email);
    expect(JSON.stringify(keys)).not.toContain('127.0.0.1');
  });

  it('lets one of them seal the ledger, and serves one state to a client that alternates', async () => {
    const leaders = [a, b].filter((s) => s.app.get(LedgerSequencer).isLeader);
    expect(leaders).toHaveLength(1);
    const hr = await a.loginAs(Role.HR);
    const created = await b.gql<{ createRecord: { id: string } }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: '二台 花子' }],
        },
      },
      hr.token,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createRecord.id;
    const read = await a.gql<{ record: { values: { key: string; value: string }[] } }>(
      READ,
      { id, purpose: 'PERSONNEL_ADMIN' },
      hr.token,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.record.values).toContainEqual({ key: 'name', value: '二台 花子' });
    // The entries written through both servers are sealed into one chain that verifies.
    for (const leader of leaders) await leader.sealLedger();
    const verified = await b.gql<{ verifyLedger: { ok: boolean } }>(
      '{ verifyLedger { ok reason firstInvalidSeq } }',
      {},
      (await b.loginAs(Role.AUDITOR)).token,
    );
    expect(verified.data?.verifyLedger).toEqual({ ok: true, reason: null, firstInvalidSeq: null });
  });
});
