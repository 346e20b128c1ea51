import { randomUUID } from 'node:crypto';
import { Ledger, LedgerEntryRejected, LedgerKeys, LedgerAction } from '@daicho/ledger';
import { Role, TEST_PASSWORD, TestApp } from '../harness/test-app';

const RECORD = `mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded duplicates } }`;
const ENTRIES = `query($filter: LedgerEntryFilter, $first: Int) { ledgerEntries(filter: $filter, first: $first) { edges { node { seq } } } }`;
const VERIFY = `query($trusted: String) { verifyLedger(trustedCheckpoint: $trusted) { ok reason notice } }`;

/** Every ledger row as text, to look for what must never be there. */
const ledgerText = async (t: TestApp) =>
  (
    await t.dataSource.query<{ row: string }[]>(
      'SELECT row_to_json(e)::text AS row FROM ledger_entries e',
    )
  )
    .map((r) => r.row)
    .join('\n');

/** No personal data reaches the append-only ledger, in production. */
describe('the ledger holds no personal data, in production mode too', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let integration: string;
  const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
    eventId,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    action: LedgerAction.READ,
    subjectId: '550e8400-e29b-41d4-a716-446655440000',
    categoryCode: 'CALL_RECORDING',
    purposeCode: 'QUALITY_IMPROVEMENT',
    fields: ['voiceRecording'],
    ...extra,
  });

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production' });
    admin = (await t.loginAs(Role.ADMIN)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    integration = (await t.integrationKey('recorder', ['access-events:write'])).secret;
  });
  afterAll(() => t.close());

  it('refuses personal data in recordAccessEvents details: closed keys, code values, whole call', async () => {
    const before = await t.count('ledger_entries');
    for (const details of [
      [{ key: 'note', value: 'tel 090-1234-5678' }],
      [{ key: 'reason', value: 'tel 090-1234-5678' }],
      [{ key: 'reason', value: 'MyNumber:123456789018' }],
      [{ key: 'reason', value: 'MYNUMBER:123456789018' }],
      [{ key: 'site', value: '山田 花子, 東京都千代田区千代田1-1' }],
      [{ key: 'channel', value: 'hanako＠example.jp' }],
      [{ key: 'terminal', value: '０９０１２３４５６７８' }],
      [{ key: 'terminal', value: 'TEL-09012345678' }],
      // Hex-looking, as a server's key id would be: from outside, its digits still count.
      [{ key: 'terminal', value: '09012345678ABCDE' }],
    ]) {
      const answer = await t.gql(
        RECORD,
        { input: { events: [event(randomUUID()), event(randomUUID(), { details })] } },
        integration,
      );
      expect([details[0]!.value, answer.errors?.[0]!.extensions?.code]).toEqual([
        details[0]!.value,
        'BAD_USER_INPUT',
      ]);
      expect(JSON.stringify(answer.errors)).not.toContain(details[0]!.value);
    }
    expect(await t.count('ledger_entries')).toBe(before);

    const ok = await t.gql(
      RECORD,
      {
        input: {
          events: [
            event('cc-ok-1', {
              actorRef: '09012345678',
              details: [
                { key: 'channel', value: 'IVR' },
                { key: 'site', value: 'TOKYO_HQ' },
              ],
            }),
          ],
        },
      },
      integration,
    );
    expect(ok.data).toEqual({ recordAccessEvents: { recorded: 1, duplicates: 0 } });
    const keys = t.app.get(LedgerKeys);
    const [row] = await t.ledgerRows('client_event_id = $1', [
      keys.pseudonymOfReference('eventId', 'cc-ok-1'),
    ]);
    expect(row!.details).toEqual({
      channel: 'IVR',
      site: 'TOKYO_HQ',
      reportedActor: keys.pseudonymOfReference('actorRef', '09012345678'),
    });
    expect(await ledgerText(t)).not.toMatch(/090-?1234|123456789018|山田|hanako|cc-ok-1/);
  });

  it('records a denial of a REST route by its template, not the raw path', async () => {
    const path = `/records/${randomUUID()}/items/hanako.yamada@example.jp`;
    const before = await t.count('ledger_entries');
    const res = await t.http.get(path).set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(403);
    expect(await t.count('ledger_entries')).toBe(before + 1);
    const requestId = res.headers['x-request-id'];
    const [denial] = await t.ledgerRows('request_id = $1', [requestId]);
    expect(denial).toMatchObject({
      action: LedgerAction.DENIED,
      outcome: 'DENIED',
      actor_role: 'ADMIN',
    });
    expect((denial!.details as { operation: string }).operation).toBe(
      'GET /records/:id/items/:item',
    );
    expect(await ledgerText(t)).not.toMatch(/hanako/);
  });

  it("enters the server's request id, never the client's: a phone-number X-Request-Id loses no denial or failed login", async () => {
    const target = await t.createUser(Role.HR);
    const before = await t.count('ledger_entries');
    const failed = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-request-id', '09012345678')
      .send({
        query: 'mutation($input: LoginInput!) { login(input: $input) { token } }',
        variables: { input: { email: target.email, password: `${TEST_PASSWORD}!` } },
      });
    expect(
      (failed.body as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');
    const denied = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${admin}`)
      .set('x-request-id', '09012345678')
      .send({ query: '{ latestCheckpoint { treeSize } }' });
    expect(
      (denied.body as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('FORBIDDEN');
    expect(await t.count('ledger_entries')).toBe(before + 2);
    for (const [res, action] of [
      [failed, 'LOGIN_FAILED'],
      [denied, 'DENIED'],
    ] as const) {
      const requestId = res.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect((await t.ledgerRows('request_id = $1', [requestId])).map((r) => r.action)).toEqual([
        action,
      ]);
    }
    expect(await t.ledgerRows('request_id = $1', ['09012345678'])).toEqual([]);
    // The client's id is still in the logs, for correlating with its own.
    expect(t.logs).toContain('"clientRequestId":"09012345678"');
  });

  it('refuses an entry carrying personal data with BAD_USER_INPUT in production, yet keeps a denial without it', async () => {
    const ledger = t.app.get(Ledger);
    const ctx = {
      manager: t.dataSource.manager,
      requestId: randomUUID(),
      actor: { kind: 'SYSTEM', id: 'test', role: null },
    };
    const before = await t.count('ledger_entries');
    const refused = ledger.append(ctx, {
      action: LedgerAction.READ,
      details: { who: '山田 花子' },
    });
    await expect(refused).rejects.toBeInstanceOf(LedgerEntryRejected);
    await expect(refused).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.count('ledger_entries')).toBe(before);
    await ledger.append(ctx, {
      action: LedgerAction.DENIED,
      outcome: 'DENIED',
      targetId: 'hanako.yamada@example.jp',
      details: { operation: 'Query.record', reason: 'tel 090-1234-5678' },
    });
    const [kept] = await t.ledgerRows('request_id = $1', [ctx.requestId]);
    expect(kept).toMatchObject({
      action: LedgerAction.DENIED,
      target_id: null,
      details: { operation: 'Query.record', withheld: ['targetId', 'details.reason'] },
    });
  });

  it("records the auditor's look at the ledger: one READ entry per query, with its filter", async () => {
    const subjectId = randomUUID();
    const before = await t.count('ledger_entries');
    const look = await t.gql(
      ENTRIES,
      { filter: { categoryCode: 'EMPLOYEE', action: 'READ', subjectId }, first: 20 },
      auditor,
    );
    expect(look.errors).toBeUndefined();
    expect(await t.count('ledger_entries')).toBe(before + 1);
    const [entry] = await t.ledgerRows(`target_type = 'LedgerEntries' AND subject_id = $1`, [
      subjectId,
    ]);
    expect(entry).toMatchObject({
      action: LedgerAction.READ,
      actor_role: 'AUDITOR',
      category_code: 'EMPLOYEE',
      details: { categoryCode: 'EMPLOYEE', action: 'READ', subjectId, first: 20, afterSeq: 0 },
    });
  });

  it('keeps typed actor ids out of the look’s entry, and records a look at one entry by number', async () => {
    const typed = 'Taro Yamada 1-2-3 Minato-ku';
    const look = await t.gql(ENTRIES, { filter: { actorId: typed }, first: 5 }, auditor);
    expect(look.errors).toBeUndefined();
    await t.sealLedger();
    const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM ledger_entries'));
    expect(raw).not.toContain('Yamada');
    const [filtered] = await t.ledgerRows(
      `target_type = 'LedgerEntries' AND details ? 'actorIdPseudonym'`,
    );
    expect((filtered!.details as Record<string, unknown>).actorIdPseudonym).toMatch(
      /^[0-9a-f]{64}$/,
    );
    // One entry by its number: the look names the person that entry is about.
    const [about] = await t.dataSource.query<{ seq: string; subject_id: string }[]>(
      `SELECT seq::text, subject_id FROM ledger_entries WHERE subject_id IS NOT NULL AND seq IS NOT NULL LIMIT 1`,
    );
    const one = await t.gql<{ ledgerEntry: { seq: number } }>(
      'query($seq: Float!) { ledgerEntry(seq: $seq) { seq } }',
      { seq: Number(about!.seq) },
      auditor,
    );
    expect(one.data?.ledgerEntry.seq).toBe(Number(about!.seq));
    const looks = await t.ledgerRows(`target_type = 'LedgerEntry' AND target_id = $1`, [
      about!.seq,
    ]);
    expect(looks).toEqual([
      expect.objectContaining({
        action: 'READ',
        actor_role: 'AUDITOR',
        subject_id: about!.subject_id,
      }),
    ]);
  });

  it('accepts a trusted checkpoint saved with a final line break or CRLF, and says so', async () => {
    await t.sealLedger();
    const latest = await t.gql<{ latestCheckpoint: { note: string } }>(
      '{ latestCheckpoint { note } }',
      {},
      auditor,
    );
    const note = latest.data!.latestCheckpoint.note;
    const exact = await t.gql<{ verifyLedger: { ok: boolean; notice: string | null } }>(
      VERIFY,
      { trusted: note },
      auditor,
    );
    expect(exact.data!.verifyLedger).toMatchObject({ ok: true, notice: null });
    for (const [saved, says] of [
      [`${note}\n`, /trailing whitespace/],
      [note.replace(/\n/g, '\r\n'), /CRLF/],
    ] as const) {
      const answer = await t.gql<{ verifyLedger: { ok: boolean; notice: string | null } }>(
        VERIFY,
        { trusted: saved },
        auditor,
      );
      expect(answer.data!.verifyLedger.ok).toBe(true);
      expect(answer.data!.verifyLedger.notice).toMatch(says);
    }
    const forged = await t.gql(VERIFY, { trusted: note.replace(/\n\d+\n/, '\n1\n') }, auditor);
    expect(forged.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
