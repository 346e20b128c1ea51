import { join } from 'node:path';
import { freeLoopbackPort } from '@daicho/platform';
import { exited, launch, type Proc } from '../harness/child-server';
import { serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';
import { WebhookEndpoint } from '../harness/webhook-endpoint';

jest.setTimeout(180_000);

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`;
const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const CREATE_RECORD = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id } }`;

/**
 * A webhook survives a killed server, with real processes: the built server is killed (SIGKILL) after the change
 * committed and while its event is on the wire; a server started afterwards delivers it. The
 * endpoint then holds the same event twice, and a consumer that dedupes by the body's `id`
 * processes it once.
 */
describe('integrations: a webhook survives a killed server', () => {
  let endpoint: WebhookEndpoint;
  let control: TestApp;
  const servers: Proc[] = [];

  const startServer = async () => {
    const port = await freeLoopbackPort();
    const server = await launch(
      process.execPath,
      [join(serverBuild(), 'dist/apps/api/src/main.js')],
      {
        DATABASE_URL: control.adminUrl,
        PORT: String(port),
        DAICHO_DATA_DIR: control.dataDir, // the same keys, the webhook secrets' among them
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        WEBHOOK_ALLOWED_HOSTS: `http:127.0.0.1:${endpoint.port}`,
        WEBHOOK_RELAY_MS: '100',
        WEBHOOK_TIMEOUT_MS: '60000',
        RETENTION_SWEEP_HOURS: '0',
      },
      'GraphQL API ready',
    );
    servers.push(server);
    return server;
  };
  const delivery = async () =>
    (
      await control.dataSource.query<{ status: string; attempts: number }[]>(
        `SELECT status, attempts FROM webhook_deliveries`,
      )
    )[0];

  beforeAll(async () => {
    endpoint = await WebhookEndpoint.start();
    // This process only writes (its relay is off); the child servers deliver.
    control = await TestApp.start({
      WEBHOOK_RELAY_MS: '0',
      WEBHOOK_ALLOWED_HOSTS: `http:127.0.0.1:${endpoint.port}`,
    });
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await control?.close();
    await endpoint?.close();
  });

  it('delivers after a restart what a killed server was sending, and the consumer keeps it once', async () => {
    const admin = (await control.loginAs(Role.ADMIN)).token;
    const key = await control.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'HR system', scopes: ['catalog:read'] } },
      admin,
    );
    const hook = await control.gql<{ createWebhook: { webhook: { id: string } } }>(
      CREATE_WEBHOOK,
      {
        input: {
          apiKeyId: key.data!.createApiKey.apiKey.id,
          url: endpoint.url('/hooks/t39'),
          events: ['RECORD_CREATED'],
        },
      },
      admin,
    );
    expect(hook.errors).toBeUndefined();
    const approved = await control.gql(
      `mutation($id: ID!) { approveWebhook(id: $id) { id } }`,
      { id: hook.data!.createWebhook.webhook.id },
      (await control.loginAs(Role.CPO)).token,
    );
    expect(approved.errors).toBeUndefined();
    // The first delivery is never answered: the server is killed while it waits.
    endpoint.answer = () => (endpoint.received.length === 1 ? 'hang' : 200);
    const created = await control.gql<{ createRecord: { id: string } }>(
      CREATE_RECORD,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [{ key: 'name', value: '再送 次郎' }],
        },
      },
      (await control.loginAs(Role.HR)).token,
    );
    expect(created.errors).toBeUndefined();
    expect(await delivery()).toEqual({ status: 'PENDING', attempts: 0 });

    const first = await startServer();
    await endpoint.until(() => endpoint.received.length === 1);
    first.child.kill('SIGKILL');
    await exited(first);
    // Committed, sent, never acknowledged: still waiting, nothing counted.
    expect(await delivery()).toEqual({ status: 'PENDING', attempts: 0 });

    const second = await startServer();
    await endpoint.until(() => endpoint.received.length === 2);
    const deadline = Date.now() + 20_000;
    while ((await delivery())?.status !== 'DELIVERED' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await delivery()).toEqual({ status: 'DELIVERED', attempts: 1 });

    // The consumer's inbox: the same id twice, processed once.
    const [one, two] = endpoint.received;
    expect(one!.event.id).toBe(two!.event.id);
    expect(one!.body).toBe(two!.body);
    const processed = new Map<string, unknown>();
    for (const got of endpoint.received)
      if (!processed.has(got.event.id)) processed.set(got.event.id, got.event.data);
    expect([...processed.values()]).toEqual([
      expect.objectContaining({ recordId: created.data!.createRecord.id }),
    ]);

    // A graceful stop afterwards: in-flight work done, exit 0.
    second.child.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  });
});
