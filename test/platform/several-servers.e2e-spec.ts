import { LedgerSequencer } from '@daicho/ledger';
import { Role, TestApp, TEST_PASSWORD } from '../harness/test-app';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { token } }';
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;
const READ = `query($id: ID!, $purpose: String!) { record(id: $id, purpose: $purpose) { id values { key value } } }`;

/**
 * Two servers on one database, as behind a load balancer (issue 16, several servers at once):
 * the login budget holds across them, one of them seals the ledger, and a client alternating
 * between them sees one state.
 */
describe('platform: several servers at once', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await TestApp.start();
    b = await a.peer();
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
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
