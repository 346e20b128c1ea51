import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { verifySignature } from '@daicho/integrations';
import { DomainEventType, Outbox } from '@daicho/platform';
import { Role, TestApp } from '../harness/test-app';
import { WebhookEndpoint, type Received } from '../harness/webhook-endpoint';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id apiKeyId url events createdAt } } }`;
const WEBHOOKS = `query($k: ID) { webhooks(apiKeyId: $k, first: 100) { edges { node { id url events } } } }`;
const DELIVERIES = `query($w: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $w, status: $status, first: $first, after: $after) {
    edges { cursor node { id eventId eventType status attempts lastStatusCode lastFailure deliveredAt redeliveryOf nextAttemptAt } }
    pageInfo { endCursor hasNextPage } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id eventId status redeliveryOf } }`;
const DELETE = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
const APPROVE = `mutation($id: ID!) { approveWebhook(id: $id) { id approvedAt } }`;
const CREATE_RECORD = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastFailure: string | null;
  deliveredAt: string | null;
  redeliveryOf: string | null;
  nextAttemptAt: string | null;
}

/**
 * Webhooks: an administrator registers an endpoint for an
 * API key; every event it asked for is written in the transaction of the change and delivered to a
 * real HTTP endpoint, signed, in order, retried with back-off, dead-lettered, redelivered by hand.
 */
describe('integrations: signed webhooks', () => {
  let endpoint: WebhookEndpoint;
  let t: TestApp;
  let admin: string;
  let cpo: string;
  let hr: string;
  let apiKeyId: string;
  let apiKeySecret: string;

  const createWebhook = async (path: string, events: string[], keyId = apiKeyId) => {
    const answer = await t.gql<{
      createWebhook: { secret: string; webhook: { id: string; url: string; events: string[] } };
    }>(CREATE_WEBHOOK, { input: { apiKeyId: keyId, url: endpoint.url(path), events } }, admin);
    expect(answer.errors).toBeUndefined();
    const created = answer.data!.createWebhook;
    const approved = await t.gql(APPROVE, { id: created.webhook.id }, cpo);
    expect(approved.errors).toBeUndefined();
    return created;
  };
  const createRecord = async (name: string) => {
    const answer = await t.gql<{ createRecord: { id: string; subjectId: string } }>(
      CREATE_RECORD,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: name }],
        },
      },
      hr,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.createRecord;
  };
  const deliveries = async (webhookId: string, status?: string): Promise<Delivery[]> => {
    const answer = await t.gql<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(
      DELIVERIES,
      { w: webhookId, status },
      admin,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.webhookDeliveries.edges.map((e) => e.node).reverse(); // oldest first
  };
  const settled = async (webhookId: string, n: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const all = await deliveries(webhookId);
      if (all.length >= n && all.every((d) => d.status !== 'PENDING')) return all;
      if (Date.now() > deadline) throw new Error(`deliveries not settled: ${JSON.stringify(all)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const code = (a: { errors?: { extensions?: { code?: string } }[] }) =>
    a.errors?.[0]?.extensions?.code;
  /** Quick retries, so back-off and dead letters show within seconds. */
  const settings = () => ({
    WEBHOOK_RELAY_MS: '100',
    WEBHOOK_RETRY_BASE_SECONDS: '1',
    WEBHOOK_RETRY_MAX_SECONDS: '2',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_TIMEOUT_MS: '30000', // no test here times a delivery out: a stall must not either
    RETENTION_SWEEP_HOURS: '0',
  });

  beforeAll(async () => {
    endpoint = await WebhookEndpoint.start();
    t = await TestApp.start({
      ...settings(),
      WEBHOOK_ALLOWED_HOSTS: `http:127.0.0.1:${endpoint.port},http:169.254.169.254`,
    });
    admin = (await t.loginAs(Role.ADMIN)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
    const key = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'HR system', scopes: ['catalog:read'] } },
      admin,
    );
    apiKeyId = key.data!.createApiKey.apiKey.id;
    apiKeySecret = key.data!.createApiKey.secret;
  });
  afterAll(async () => {
    await t?.close();
    await endpoint?.close();
  });

  it('registers an endpoint for an API key: the secret once, sealed at rest, the ledger without the URL', async () => {
    const { secret, webhook } = await createWebhook('/hooks/register', ['RECORD_CREATED']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook.events).toEqual(['RECORD_CREATED']);
    const listed = await t.gql<{ webhooks: { edges: { node: { id: string } }[] } }>(
      WEBHOOKS,
      { k: apiKeyId },
      admin,
    );
    expect(listed.data!.webhooks.edges.map((e) => e.node.id)).toContain(webhook.id);
    const [row] = await t.dataSource.query<{ sealed_secret: Buffer }[]>(
      `SELECT sealed_secret FROM webhooks WHERE id = $1`,
      [webhook.id],
    );
    expect(row!.sealed_secret.includes(Buffer.from(secret))).toBe(false);
    expect(row!.sealed_secret.includes(Buffer.from(secret.slice(6)))).toBe(false);
    const entries = await t.ledgerRows(`target_id = $1`, [webhook.id]);
    expect(
      entries.map((e) => [
        e.action,
        e.target_type,
        e.actor_role,
        (e.details as { change: string }).change,
      ]),
    ).toEqual([
      ['PERMISSION_CHANGE', 'Webhook', 'ADMIN', 'webhook created'],
      ['PERMISSION_CHANGE', 'Webhook', 'CPO', 'webhook approved'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('/hooks/register');
    expect(JSON.stringify(entries)).not.toContain(secret);
    await t.gql(DELETE, { id: webhook.id }, admin);
  });

  it('lets events about persons flow only once the CPO approved: a second person', async () => {
    const path = '/hooks/approval';
    const answer = await t.gql<{
      createWebhook: { webhook: { id: string; approvedAt: string | null } };
    }>(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id approvedAt } } }`,
      {
        input: {
          apiKeyId,
          url: endpoint.url(path),
          events: ['RECORD_CREATED', 'CHECKPOINT_SIGNED'],
        },
      },
      admin,
    );
    const { id, approvedAt } = answer.data!.createWebhook.webhook;
    expect(approvedAt).toBeNull();
    await createRecord('承認 前');
    expect(await t.count(`webhook_deliveries WHERE webhook_id = '${id}'`)).toBe(0);
    // The administrator who registered it cannot approve it (nor could any administrator).
    const own = await t.gql(APPROVE, { id }, admin);
    expect(code(own)).toBe('FORBIDDEN');
    const denied = await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [id]);
    expect(denied).toHaveLength(1);
    expect(code(await t.gql(APPROVE, { id: randomUUID() }, cpo))).toBe('NOT_FOUND');
    const approved = await t.gql<{ approveWebhook: { approvedAt: string } }>(APPROVE, { id }, cpo);
    expect(approved.data!.approveWebhook.approvedAt).toBeTruthy();
    expect(code(await t.gql(APPROVE, { id }, cpo))).toBe('CONFLICT');
    const after = await createRecord('承認 後');
    await endpoint.until(() => endpoint.at(path).some((r) => r.event.data.recordId === after.id));
    // Events that name no one flow at once, without approval.
    const counts = await t.gql<{ createWebhook: { webhook: { approvedAt: string | null } } }>(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { approvedAt } } }`,
      { input: { apiKeyId, url: endpoint.url('/hooks/counts'), events: ['RETENTION_RUN'] } },
      admin,
    );
    expect(counts.data!.createWebhook.webhook.approvedAt).toBeTruthy();
    await t.gql(DELETE, { id }, admin);
  });

  it('lets only an administrator register or delete, and the CPO approve', async () => {
    for (const role of [Role.CPO, Role.HR, Role.AUDITOR]) {
      const token = (await t.loginAs(role)).token;
      const created = await t.gql(
        CREATE_WEBHOOK,
        { input: { apiKeyId, url: endpoint.url('/x'), events: ['RECORD_CREATED'] } },
        token,
      );
      expect(code(created)).toBe('FORBIDDEN');
      if (role !== Role.CPO) expect(code(await t.gql(WEBHOOKS, {}, token))).toBe('FORBIDDEN');
    }
    // The integration itself cannot point its own feed elsewhere.
    const byKey = await t.gql(
      CREATE_WEBHOOK,
      { input: { apiKeyId, url: endpoint.url('/x'), events: ['RECORD_CREATED'] } },
      apiKeySecret,
    );
    expect(['FORBIDDEN', 'INSUFFICIENT_SCOPE']).toContain(code(byKey));
    expect(await t.count("webhooks WHERE url LIKE '%/x'")).toBe(0);
  });

  it('refuses URLs it may not use and keys it cannot serve, names the fix, writes nothing', async () => {
    const before = await t.count('webhooks');
    const refused = async (url: string, keyId = apiKeyId, events = ['RECORD_CREATED']) =>
      t.gql(CREATE_WEBHOOK, { input: { apiKeyId: keyId, url, events } }, admin);
    for (const url of [
      `http://127.0.0.1:${endpoint.port + 1}/hook`, // port not listed
      'https://hooks.example.jp/daicho', // host not listed
      `http://user:pw@127.0.0.1:${endpoint.port}/hook`,
      'ftp://127.0.0.1/hook',
      'not a url',
      `http://127.0.0.1:${endpoint.port}/${'é'.repeat(1000)}`, // 6,000 characters once encoded
    ]) {
      const answer = await refused(url);
      expect(code(answer)).toBe('BAD_USER_INPUT');
      expect(answer.errors![0]!.message).not.toContain(url);
    }
    expect((await refused('https://hooks.example.jp/x')).errors![0]!.message).toContain(
      'WEBHOOK_ALLOWED_HOSTS',
    );
    // Listed by the operator or not, the metadata service is never a webhook.
    const metadata = await refused('http://169.254.169.254/latest/meta-data');
    expect(code(metadata)).toBe('BAD_USER_INPUT');
    expect(metadata.errors![0]!.message).toContain('metadata');
    expect(code(await refused(endpoint.url('/h'), apiKeyId, []))).toBe('BAD_USER_INPUT');
    // An unknown key and a revoked one answer alike.
    const unknown = await refused(endpoint.url('/h'), randomUUID());
    const revokedKey = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'old system', scopes: ['catalog:read'] } },
      admin,
    );
    const revokedId = revokedKey.data!.createApiKey.apiKey.id;
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: revokedId }, admin);
    const revoked = await refused(endpoint.url('/h'), revokedId);
    expect(code(unknown)).toBe('NOT_FOUND');
    expect(revoked.errors).toEqual(unknown.errors);
    expect(await t.count('webhooks')).toBe(before);
  });

  it('writes events only with the change: a rolled-back transaction leaves none', async () => {
    const outbox = t.app.get(Outbox);
    // Counted by the event's own record id: other tests' changes may publish meanwhile.
    const written = async (recordId: string) =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE data->>'recordId' = $1`,
          [recordId],
        )
      )[0]?.n;
    const rolledBack = randomUUID();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.publish(manager, DomainEventType.RECORD_CREATED, { recordId: rolledBack });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await written(rolledBack)).toBe(0);
    // The same publish in a change that commits is there.
    const committed = randomUUID();
    await t.dataSource.transaction((manager) =>
      outbox.publish(manager, DomainEventType.RECORD_CREATED, { recordId: committed }),
    );
    expect(await written(committed)).toBe(1);
  });

  it('delivers a signed event the consumer can verify and dedupe by its id', async () => {
    const { secret, webhook } = await createWebhook('/hooks/signed', ['RECORD_CREATED']);
    const record = await createRecord('署名 太郎');
    await endpoint.until(() => endpoint.at('/hooks/signed').length === 1);
    const [got] = endpoint.at('/hooks/signed') as [Received];
    expect(Object.keys(got.event)).toEqual(['id', 'type', 'occurredAt', 'data']);
    expect(got.event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.event.type).toBe('record.created');
    expect(Number.isNaN(Date.parse(got.event.occurredAt))).toBe(false);
    expect(got.event.data).toEqual({
      recordId: record.id,
      subjectId: record.subjectId,
      categoryCode: 'EMPLOYEE',
    });
    expect(got.body).not.toContain('署名');
    expect(got.headers['daicho-event-id']).toBe(got.event.id);
    const header = String(got.headers['daicho-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, got.body, header, Date.now() / 1000)).toBe(true);
    expect(
      verifySignature(secret, got.body.replace('EMPLOYEE', 'APPLICANT'), header, Date.now() / 1000),
    ).toBe(false);
    const [delivery] = await settled(webhook.id, 1);
    expect(delivery).toMatchObject({
      eventId: got.event.id,
      eventType: 'RECORD_CREATED',
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
      lastFailure: null,
    });
    await t.gql(DELETE, { id: webhook.id }, admin);
  });

  it("retries a 500 with back-off and keeps the endpoint's order", async () => {
    const path = '/hooks/retry';
    const { webhook } = await createWebhook(path, ['RECORD_CREATED']);
    let failures = 2;
    endpoint.answer = (d) => (d.path === path && failures-- > 0 ? 500 : 200);
    const first = await createRecord('順番 一');
    const second = await createRecord('順番 二');
    const [a, b] = await settled(webhook.id, 2);
    endpoint.answer = () => 200;
    const got = endpoint.at(path).map((r) => r.event.data.recordId);
    // The first event three times (500, 500, 200), and only then the second.
    expect(got).toEqual([first.id, first.id, first.id, second.id]);
    expect(a).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200 });
    expect(b).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    // The retries waited: back-off of at least half a second, then at least one second.
    const times = endpoint
      .at(path)
      .map((r) => Number(/t=(\d+)/.exec(String(r.headers['daicho-signature']))![1]));
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1);
    await t.gql(DELETE, { id: webhook.id }, admin);
  });

  it('dead-letters after the last attempt, moves the line on, and redelivers by hand', async () => {
    const path = '/hooks/dead';
    const { webhook } = await createWebhook(path, ['RECORD_CREATED']);
    let broken = true;
    endpoint.answer = (d) => (d.path === path && broken ? 503 : 200);
    await createRecord('宛先 不通');
    const [dead] = await settled(webhook.id, 1);
    expect(dead).toMatchObject({
      status: 'DEAD',
      attempts: 3,
      lastStatusCode: 503,
      lastFailure: 'HTTP_STATUS',
      nextAttemptAt: null,
    });
    expect(endpoint.at(path)).toHaveLength(3);
    broken = false;
    const next = await createRecord('次の 方');
    const [, delivered] = await settled(webhook.id, 2);
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect(endpoint.at(path).at(-1)!.event.data.recordId).toBe(next.id);

    const again = await t.gql<{ redeliverWebhookDelivery: Delivery }>(
      REDELIVER,
      { id: dead!.id },
      admin,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.redeliverWebhookDelivery).toMatchObject({
      eventId: dead!.eventId,
      status: 'PENDING',
      redeliveryOf: dead!.id,
    });
    const all = await settled(webhook.id, 3);
    expect(all[2]).toMatchObject({ status: 'DELIVERED', eventId: dead!.eventId });
    // The same event id arrives again: the consumer sees a repeat, not a new event.
    const ids = endpoint.at(path).map((r) => r.event.id);
    expect(ids.at(-1)).toBe(dead!.eventId);
    expect(new Set(ids).size).toBe(2);
    // What cannot be repeated: an unknown delivery (NOT_FOUND), one still waiting (CONFLICT).
    expect(code(await t.gql(REDELIVER, { id: randomUUID() }, admin))).toBe('NOT_FOUND');
    // Twenty at once for a finished delivery queue one copy; the rest are told it waits. The
    // webhook's drain lock is held meanwhile, so the copy cannot be sent (and stop waiting)
    // before the last of the twenty is answered.
    const drainLock = new Client({ connectionString: t.adminUrl });
    await drainLock.connect();
    await drainLock.query(`SELECT pg_advisory_lock(hashtextextended($1, 16))`, [
      `daicho.webhook:${webhook.id}`,
    ]);
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => t.gql(REDELIVER, { id: delivered!.id }, admin)),
    );
    await drainLock.end();
    expect(burst.filter((a) => !a.errors)).toHaveLength(1);
    expect(burst.filter((a) => code(a) === 'CONFLICT')).toHaveLength(19);
    expect(code(await t.gql(REDELIVER, { id: 'not-a-uuid' }, admin))).toBe('BAD_USER_INPUT');
    const entries = await t.ledgerRows(`target_id = $1 AND action = 'UPDATE'`, [webhook.id]);
    expect(entries).toHaveLength(2);
    await settled(webhook.id, 4);
    await t.gql(DELETE, { id: webhook.id }, admin);
  });

  it('sends each webhook only the events it asked for, and nothing once it or its key is gone', async () => {
    const path = '/hooks/gone';
    const { webhook } = await createWebhook(path, ['SUBJECT_ERASED']);
    const record = await createRecord('消去 される');
    expect(await t.count(`webhook_deliveries WHERE webhook_id = '${webhook.id}'`)).toBe(0);
    const erased = await t.gql(
      `mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "本人の請求") { id } }`,
      { s: record.subjectId },
      (await t.loginAs(Role.CPO)).token,
    );
    expect(erased.errors).toBeUndefined();
    await endpoint.until(() => endpoint.at(path).length === 1);
    expect(endpoint.at(path)[0]!.event).toMatchObject({
      type: 'subject.erased',
      data: { subjectId: record.subjectId, records: 1 },
    });
    expect(await t.gql(DELETE, { id: webhook.id }, admin)).toMatchObject({
      data: { deleteWebhook: true },
    });
    expect(code(await t.gql(DELETE, { id: webhook.id }, admin))).toBe('NOT_FOUND');
    const listed = await t.gql<{ webhooks: { edges: { node: { id: string } }[] } }>(
      WEBHOOKS,
      {},
      admin,
    );
    expect(listed.data!.webhooks.edges.map((e) => e.node.id)).not.toContain(webhook.id);
    // A key still waiting for the CPO (a scope beyond its creator's rights) hears nothing, even
    // through a webhook of its own that was approved.
    const pendingKey = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'Call center', scopes: ['access-events:write'] } },
      admin,
    );
    const waiting = await createWebhook(
      '/hooks/unapproved-key',
      ['RECORD_CREATED'],
      pendingKey.data!.createApiKey.apiKey.id,
    );
    await createRecord('承認 待ち');
    expect(await t.count(`webhook_deliveries WHERE webhook_id = '${waiting.webhook.id}'`)).toBe(0);
    // A revoked key's webhooks hear nothing more.
    const other = await createWebhook('/hooks/revoked', ['RECORD_CREATED']);
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: apiKeyId }, admin);
    await createRecord('失効 後');
    expect(await t.count(`webhook_deliveries WHERE webhook_id = '${other.webhook.id}'`)).toBe(0);
  });

  it('pages deliveries newest first and refuses forged cursors', async () => {
    const rows = await t.dataSource.query<{ webhook_id: string }[]>(
      `SELECT webhook_id FROM webhook_deliveries GROUP BY webhook_id HAVING count(*) >= 3 LIMIT 1`,
    );
    const webhookId = rows[0]!.webhook_id;
    const page = await t.gql<{
      webhookDeliveries: {
        edges: { node: Delivery }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(DELIVERIES, { w: webhookId, first: 2 }, admin);
    expect(page.data!.webhookDeliveries.edges).toHaveLength(2);
    expect(page.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(
      DELIVERIES,
      { w: webhookId, first: 50, after: page.data!.webhookDeliveries.pageInfo.endCursor },
      admin,
    );
    const seen = [...page.data!.webhookDeliveries.edges, ...rest.data!.webhookDeliveries.edges].map(
      (e) => e.node.id,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(code(await t.gql(DELIVERIES, { w: webhookId, after: 'forged' }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    const forged = Buffer.from(JSON.stringify(['1; DROP TABLE x', randomUUID()])).toString(
      'base64url',
    );
    expect(code(await t.gql(DELIVERIES, { w: webhookId, after: forged }, admin))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await t.gql(DELIVERIES, { w: randomUUID() }, admin))).toBe('NOT_FOUND');
  });

  it('checks the host again at delivery: a host taken off the list gets nothing', async () => {
    const key = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'payroll system', scopes: ['catalog:read'] } },
      admin,
    );
    const { webhook } = await createWebhook(
      '/hooks/unlisted',
      ['RECORD_CREATED'],
      key.data!.createApiKey.apiKey.id,
    );
    // The operator takes the host off WEBHOOK_ALLOWED_HOSTS and restarts the server.
    const { database, dataDir } = await t.stop();
    t = await TestApp.start(
      { ...settings(), WEBHOOK_ALLOWED_HOSTS: 'hooks.example.jp', DAICHO_DATA_DIR: dataDir },
      { database },
    );
    await createRecord('一覧 外');
    const [dead] = await settled(webhook.id, 1);
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, lastFailure: 'HOST_NOT_ALLOWED' });
    expect(endpoint.at('/hooks/unlisted')).toEqual([]);
  });
});
