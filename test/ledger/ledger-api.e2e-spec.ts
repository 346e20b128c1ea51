import { AuditTrail } from '@daicho/platform';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Ledger,
  LedgerEntryRejected,
  LedgerKeys,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
  LedgerAction,
} from '@daicho/ledger';
import { RequestContext } from '@daicho/access';
import { UserService } from '@daicho/identity';
import { Role, TestApp, type GraphqlAnswer } from '../harness/test-app';

const ENTRIES = `query($filter: LedgerEntryFilter, $first: Int, $after: String) {
  ledgerEntries(filter: $filter, first: $first, after: $after) {
    edges { cursor node { seq action outcome actorKind actorId actorRole targetType targetId details requestId prevHash leafHash } }
    pageInfo { endCursor hasNextPage } } }`;
const LATEST = '{ latestCheckpoint { treeSize rootHash note issuedAt } }';
const PROOF = `query($seq: Float!, $size: Float) { ledgerEntry(seq: $seq) { seq leafHash
  inclusionProof(treeSize: $size) { leafIndex treeSize leafHash rootHash hashes checkpoint } } }`;
const CONSISTENCY = `query($a: Float!, $b: Float!) { consistencyProof(fromSize: $a, toSize: $b) {
  fromSize toSize fromRoot toRoot hashes } }`;
const VERIFY = `query($trusted: String) { verifyLedger(trustedCheckpoint: $trusted) {
  ok checkedEntries checkedCheckpoints firstInvalidSeq reason } }`;
const RECORD = `mutation($input: RecordAccessEventsInput!) { recordAccessEvents(input: $input) { recorded duplicates } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;

type Entry = {
  seq: number;
  action: string;
  outcome: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  targetType: string | null;
  targetId: string | null;
  details: string;
  requestId: string;
  prevHash: string;
  leafHash: string;
};

interface EntryPage {
  edges: { node: Entry }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

describe('ledger over GraphQL', () => {
  let t: TestApp;
  let auditor: string;
  let cpo: string;
  let admin: string;
  let adminId: string;

  /** Every sealed entry the filter matches, page after page (at most 100 a page). */
  const entries = async (filter: Record<string, unknown> = {}, token = auditor) => {
    const found: Entry[] = [];
    for (let after: string | null = null; ;) {
      const answer: GraphqlAnswer<{ ledgerEntries: EntryPage }> = await t.gql(
        ENTRIES,
        { filter, first: 100, after },
        token,
      );
      expect(answer.errors).toBeUndefined();
      const page = answer.data!.ledgerEntries;
      found.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return found;
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    t = await TestApp.start();
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    cpo = (await t.loginAs(Role.CPO)).token;
    const a = await t.loginAs(Role.ADMIN);
    admin = a.token;
    adminId = a.user.id;
  });
  afterAll(() => t.close());

  it('records logins, failed logins (e-mail only as a keyed hash), user, role and key changes, logouts and denials', async () => {
    const hr = await t.createUser(Role.HR, { email: 'hanako.hr@example.test' });
    await t.gql('mutation($i: LoginInput!) { login(input: $i) { token } }', {
      i: { email: 'hanako.hr@example.test', password: 'not the password at all' },
    });
    const hrToken = await t.login(hr.email);
    await t.gql(
      'mutation($id: ID!) { updateUser(id: $id, input: { role: SALES }) { id } }',
      { id: hr.id },
      admin,
    );
    // A department role takes effect when the CPO approves it (separation of duties).
    const pending = await t.gql<{ accessGrants: { edges: { node: { id: string } }[] } }>(
      '{ accessGrants(status: PENDING) { edges { node { id } } } }',
      {},
      cpo,
    );
    const approved = await t.gql<{ approveAccessGrant: { oneTimePassword: string } }>(
      'mutation($id: ID!) { approveAccessGrant(id: $id) { status oneTimePassword } }',
      { id: pending.data!.accessGrants.edges[0]!.node.id },
      cpo,
    );
    // The new role comes with the approver's one-time password; the old session ended.
    const oldSession = await t.gql('{ me { id } }', {}, hrToken);
    expect(oldSession.errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
    const salesToken = await t.login(hr.email, approved.data!.approveAccessGrant.oneTimePassword);
    const key = await t.gql<{ createApiKey: { apiKey: { id: string } } }>(
      CREATE_KEY,
      { input: { name: 'sync', scopes: ['users:read'] } },
      admin,
    );
    await t.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) }',
      { id: key.data!.createApiKey.apiKey.id },
      admin,
    );
    const denied = await t.gql('{ ledgerEntries { edges { cursor } } }', {}, salesToken);
    expect(denied.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
    await t.gql('mutation { logout }', {}, salesToken);
    await t.sealLedger();

    const all = await entries();
    const failed = all.find((e) => e.action === 'LOGIN_FAILED' && e.targetId === hr.id)!;
    expect(failed).toMatchObject({ outcome: 'DENIED', actorKind: 'ANONYMOUS', targetType: 'User' });
    const pseudonym = t.app.get(LedgerKeys).pseudonymFor('email', 'hanako.hr@example.test');
    expect(JSON.parse(failed.details)).toEqual({
      reason: 'wrong password',
      emailPseudonym: pseudonym,
    });
    expect(all.some((e) => e.action === 'LOGIN' && e.actorId === hr.id)).toBe(true);
    expect(all.find((e) => e.action === 'GRANT_REQUESTED' && e.targetId === hr.id)).toMatchObject({
      actorId: adminId,
      actorRole: 'ADMIN',
    });
    expect(all.find((e) => e.action === 'GRANT_APPROVED' && e.targetId === hr.id)).toMatchObject({
      actorRole: 'CPO',
    });
    expect(
      all
        .filter((e) => e.targetType === 'ApiKey')
        .map((e) => (JSON.parse(e.details) as { change: string }).change),
    ).toEqual(['api key created', 'api key revoked']);
    expect(all.find((e) => e.action === 'DENIED' && e.actorId === hr.id)).toMatchObject({
      outcome: 'DENIED',
      actorRole: 'SALES',
    });
    expect(all.some((e) => e.action === 'LOGOUT' && e.actorId === hr.id)).toBe(true);
    // No e-mail address anywhere in the stored ledger, in any column.
    const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM ledger_entries'));
    expect(raw).not.toContain('hanako.hr@example.test');
  });

  it('numbers entries gaplessly, chains them, pages with a cursor and filters', async () => {
    await t.sealLedger();
    const all = await entries();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    all.slice(1).forEach((e, i) => expect(e.prevHash).toBe(all[i]!.leafHash));
    expect(all[0]!.prevHash).toBe('0'.repeat(64));

    const first = await t.gql<{
      ledgerEntries: {
        edges: { node: Entry }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(ENTRIES, { first: 2 }, auditor);
    expect(first.data!.ledgerEntries.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql<{ ledgerEntries: { edges: { node: Entry }[] } }>(
      ENTRIES,
      { first: 2, after: first.data!.ledgerEntries.pageInfo.endCursor },
      auditor,
    );
    expect(second.data!.ledgerEntries.edges.map((e) => e.node.seq)).toEqual([3, 4]);

    const logins = await entries({ action: LedgerAction.LOGIN, outcome: 'ALLOWED' }, cpo);
    expect(logins.length).toBeGreaterThan(2);
    expect(logins.every((e) => e.action === 'LOGIN')).toBe(true);
    const bad = await t.gql(ENTRIES, { filter: { action: 'drop table' } }, auditor);
    expect(bad.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.gql(ENTRIES, { after: 'bm90IGEgY3Vyc29y' }, auditor);
    expect(badCursor.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves inclusion and consistency proofs that verify against signed checkpoints', async () => {
    const keys = t.app.get(LedgerKeys);
    const key = await t.gql<{
      ledgerPublicKey: { verifierKey: string; fingerprint: string; origin: string };
    }>('{ ledgerPublicKey { origin verifierKey fingerprint } }', {}, auditor);
    expect(key.data!.ledgerPublicKey).toEqual({
      origin: 'daicho.local/ledger',
      verifierKey: keys.verifierKey,
      fingerprint: keys.fingerprint,
    });

    const sizeA = await t.sealLedger();
    const a = (
      await t.gql<{ latestCheckpoint: { treeSize: number; rootHash: string; note: string } }>(
        LATEST,
        {},
        auditor,
      )
    ).data!.latestCheckpoint;
    expect(a.treeSize).toBe(sizeA);
    await t.loginAs(Role.HR); // more entries
    const sizeB = await t.sealLedger();
    const b = (
      await t.gql<{ latestCheckpoint: { treeSize: number; rootHash: string; note: string } }>(
        LATEST,
        {},
        auditor,
      )
    ).data!.latestCheckpoint;
    expect(sizeB).toBeGreaterThan(sizeA);

    const openedB = openCheckpoint(b.note, keys.origin, keys.publicKey);
    if (!openedB.ok) throw new Error(openedB.reason);
    for (const seq of [1, Math.ceil(sizeB / 2), sizeB]) {
      const answer = await t.gql<{
        ledgerEntry: {
          inclusionProof: {
            leafIndex: number;
            treeSize: number;
            leafHash: string;
            rootHash: string;
            hashes: string[];
            checkpoint: string;
          };
        };
      }>(PROOF, { seq, size: sizeB }, cpo);
      const proof = answer.data!.ledgerEntry.inclusionProof;
      expect(proof.checkpoint).toBe(b.note);
      expect(proof.rootHash).toBe(openedB.checkpoint.root.toString('base64'));
      const hashes = proof.hashes.map((h) => Buffer.from(h, 'base64'));
      const leaf = Buffer.from(proof.leafHash, 'base64');
      expect(verifyInclusion(leaf, seq - 1, sizeB, hashes, openedB.checkpoint.root)).toBe(true);
      expect(verifyInclusion(leaf, seq - 1, sizeB, hashes.slice(1), openedB.checkpoint.root)).toBe(
        hashes.length === 0,
      );
    }

    const c = await t.gql<{
      consistencyProof: { fromRoot: string; toRoot: string; hashes: string[] };
    }>(CONSISTENCY, { a: sizeA, b: sizeB }, auditor);
    const proof = c.data!.consistencyProof;
    expect(proof.fromRoot).toBe(a.rootHash);
    expect(proof.toRoot).toBe(b.rootHash);
    const rootA = Buffer.from(a.rootHash, 'base64');
    const hashes = proof.hashes.map((h) => Buffer.from(h, 'base64'));
    expect(verifyConsistency(sizeA, sizeB, rootA, openedB.checkpoint.root, hashes)).toBe(true);
    expect(
      verifyConsistency(sizeA, sizeB, openedB.checkpoint.root, openedB.checkpoint.root, hashes),
    ).toBe(false);

    const tooBig = await t.gql(CONSISTENCY, { a: 1, b: sizeB + 1000 }, auditor);
    expect(tooBig.errors?.[0]!.extensions?.code).toBe('NOT_FOUND');
    const backwards = await t.gql(CONSISTENCY, { a: sizeB, b: sizeA }, auditor);
    expect(backwards.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('verifies, also against a checkpoint the auditor kept, and writes checkpoints to the file', async () => {
    await t.sealLedger();
    const latest = (
      await t.gql<{ latestCheckpoint: { note: string; treeSize: number } }>(LATEST, {}, auditor)
    ).data!.latestCheckpoint;
    const report = await t.gql<{ verifyLedger: Record<string, unknown> }>(
      VERIFY,
      { trusted: latest.note },
      auditor,
    );
    expect(report.data!.verifyLedger).toMatchObject({
      ok: true,
      firstInvalidSeq: null,
      reason: null,
      checkedEntries: latest.treeSize,
    });
    expect(report.data!.verifyLedger.checkedCheckpoints).toBeGreaterThanOrEqual(2);

    const forged = latest.note.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 1}\n`);
    const refused = await t.gql(VERIFY, { trusted: forged }, auditor);
    expect(refused.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');

    const lines = (await readFile(join(t.dataDir, 'checkpoints.log'), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!) as { treeSize: number; note: string };
    expect(last).toMatchObject({ treeSize: latest.treeSize, note: latest.note });
  });

  it('lists checkpoints oldest first, page by page, with strictly increasing sizes and times', async () => {
    const LIST = `query($after: String) { ledgerCheckpoints(first: 1, after: $after) {
      edges { node { treeSize rootHash issuedAt note } } pageInfo { endCursor hasNextPage } } }`;
    await t.sealLedger();
    await t.loginAs(Role.SALES);
    await t.sealLedger();
    await t.loginAs(Role.SALES);
    await t.sealLedger();
    const seen: { treeSize: number; issuedAt: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await t.gql<{
        ledgerCheckpoints: {
          edges: { node: { treeSize: number; issuedAt: string } }[];
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      }>(LIST, { after }, cpo);
      if (!page.data) throw new Error(JSON.stringify(page.errors));
      seen.push(...page.data.ledgerCheckpoints.edges.map((e) => e.node));
      if (!page.data.ledgerCheckpoints.pageInfo.hasNextPage) break;
      after = page.data.ledgerCheckpoints.pageInfo.endCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    seen.slice(1).forEach((c, i) => {
      expect(c.treeSize).toBeGreaterThan(seen[i]!.treeSize);
      expect(Date.parse(c.issuedAt)).toBeGreaterThan(Date.parse(seen[i]!.issuedAt));
    });
  });

  it('is for auditors and the CPO only; every other role is refused and the refusal recorded', async () => {
    for (const role of [Role.ADMIN, Role.HR, Role.SALES, Role.SUPPORT, Role.FACILITIES]) {
      const { user, token } = await t.loginAs(role);
      for (const query of [LATEST, '{ ledgerPublicKey { origin } }', '{ verifyLedger { ok } }']) {
        const answer = await t.gql(query, {}, token);
        expect(answer.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
        expect(Object.values(answer.data ?? {}).every((v) => v === null)).toBe(true);
      }
      await t.sealLedger();
      const denials = await entries({ actorId: user.id, action: 'DENIED' });
      expect(denials).toHaveLength(3);
    }
    const anonymous = await t.gql(LATEST);
    expect(anonymous.errors?.[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('records a refusal by a service check too, not only by the guard', async () => {
    const hr = await t.createUser(Role.HR);
    const ctx = RequestContext.forActor(
      { kind: 'USER', id: hr.id, role: Role.HR, mustChangePassword: false, scopes: [] },
      'req-service-check',
      t.dataSource,
      t.app.get(AuditTrail),
    );
    await expect(t.app.get(UserService).listUsers(ctx, 20)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await t.sealLedger();
    const [denial] = await t.ledgerRows("request_id = 'req-service-check'");
    expect(denial).toMatchObject({
      action: LedgerAction.DENIED,
      outcome: 'DENIED',
      actor_id: hr.id,
      target_type: 'User',
    });
  });

  it('keeps an entry only if its transaction commits, and refuses personal data in details', async () => {
    const ledger = t.app.get(Ledger);
    const before = await t.count('ledger_entries');
    const ctx = (manager: typeof t.dataSource.manager) => ({
      manager,
      requestId: 'req-rollback-1',
      actor: { kind: 'SYSTEM', id: 'test', role: null },
    });
    await expect(
      t.dataSource.transaction(async (manager) => {
        await ledger.append(ctx(manager), { action: LedgerAction.READ, categoryCode: 'EMPLOYEE' });
        throw new Error('the business work failed');
      }),
    ).rejects.toThrow('the business work failed');
    expect(await t.count('ledger_entries')).toBe(before);
    await t.dataSource.transaction((manager) =>
      ledger.append(ctx(manager), { action: LedgerAction.READ, categoryCode: 'EMPLOYEE' }),
    );
    expect(await t.count('ledger_entries')).toBe(before + 1);

    await expect(
      ledger.append(ctx(t.dataSource.manager), {
        action: LedgerAction.READ,
        details: { who: 'taro@example.co.jp' },
      }),
    ).rejects.toBeInstanceOf(LedgerEntryRejected);
    await expect(
      ledger.append(ctx(t.dataSource.manager), {
        action: LedgerAction.READ,
        details: { tel: '090-1234-5678' },
      }),
    ).rejects.toThrow(/looks like personal data/);
    expect(await t.count('ledger_entries')).toBe(before + 1);
  });

  describe('recordAccessEvents', () => {
    let integration: string;
    const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
      eventId,
      occurredAt: '2026-11-20T09:30:00.000Z',
      action: LedgerAction.READ,
      subjectId: '550e8400-e29b-41d4-a716-446655440000',
      categoryCode: 'CALL_RECORDING',
      purposeCode: 'QUALITY_IMPROVEMENT',
      fields: ['voiceRecording'],
      actorRef: 'agent-0042',
      ...extra,
    });

    beforeAll(async () => {
      integration = (await t.integrationKey('call-center recorder', ['access-events:write']))
        .secret;
    });

    it('records a batch once, and a retry of it as duplicates', async () => {
      const events = [event('cc-1'), event('cc-2'), event('cc-3', { outcome: 'DENIED' })];
      const first = await t.gql(RECORD, { input: { events } }, integration);
      expect(first.data).toEqual({ recordAccessEvents: { recorded: 3, duplicates: 0 } });
      const retry = await t.gql(RECORD, { input: { events } }, integration);
      expect(retry.data).toEqual({ recordAccessEvents: { recorded: 0, duplicates: 3 } });
      await t.sealLedger();
      // The reporter's own ids enter the ledger as keyed hashes only (no text from outside).
      const keys = t.app.get(LedgerKeys);
      const hashed = ['cc-1', 'cc-2', 'cc-3'].map((id) => keys.pseudonymOfReference('eventId', id));
      const rows = await t.ledgerRows('client_event_id = ANY($1)', [hashed]);
      expect(rows.map((r) => r.client_event_id)).toEqual(hashed);
      expect(rows[0]).toMatchObject({
        actor_kind: 'API_KEY',
        actor_role: 'INTEGRATION',
        category_code: 'CALL_RECORDING',
        purpose_code: 'QUALITY_IMPROVEMENT',
        fields: ['voiceRecording'],
        details: { reportedActor: keys.pseudonymOfReference('actorRef', 'agent-0042') },
      });
      expect(rows[2]!.outcome).toBe('DENIED');
    });

    it('refuses the whole call on a reused id, personal data, bad codes or too many events', async () => {
      const before = await t.count('ledger_entries');
      const reused = await t.gql(
        RECORD,
        { input: { events: [event('cc-9'), event('cc-1', { purposeCode: 'RESPONSE_HISTORY' })] } },
        integration,
      );
      expect(reused.errors?.[0]!.extensions?.code).toBe('CONFLICT');
      const pii = await t.gql(
        RECORD,
        {
          input: {
            events: [event('cc-10', { details: [{ key: 'caller', value: '03-1234-5678' }] })],
          },
        },
        integration,
      );
      expect(pii.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(pii.errors?.[0]!.message).not.toContain('03-1234-5678');
      const badCode = await t.gql(
        RECORD,
        { input: { events: [event('cc-11', { categoryCode: 'call recording' })] } },
        integration,
      );
      expect(badCode.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      // Codes must be the catalog's: an active category, one of its purposes, its items.
      for (const [extra, says] of [
        [{ categoryCode: 'UNKNOWN_CATEGORY' }, 'UNKNOWN_CATEGORY is not an active category'],
        [{ purposeCode: 'RECRUITMENT' }, 'RECRUITMENT is not a purpose of CALL_RECORDING'],
        [{ fields: ['voiceRecording', 'myNumber'] }, 'myNumber is not an item of CALL_RECORDING'],
      ] as const) {
        const misfit = await t.gql(
          RECORD,
          { input: { events: [event('cc-ok'), event('cc-misfit', extra)] } },
          integration,
        );
        expect(misfit.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
        expect(misfit.errors?.[0]!.message).toContain(`events[1]: ${says}`);
      }
      const twice = await t.gql(
        RECORD,
        { input: { events: [event('cc-12'), event('cc-12')] } },
        integration,
      );
      expect(twice.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      const many = Array.from({ length: 1001 }, (_, i) => event(`bulk-${i}`));
      const tooMany = await t.gql(RECORD, { input: { events: many } }, integration);
      expect(tooMany.errors?.[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await t.count('ledger_entries')).toBe(before);

      const thousand = await t.gql(RECORD, { input: { events: many.slice(0, 1000) } }, integration);
      expect(thousand.data).toEqual({ recordAccessEvents: { recorded: 1000, duplicates: 0 } });
    });

    it('is only for keys with the access-events:write scope', async () => {
      const other = await t.gql<{ createApiKey: { secret: string } }>(
        CREATE_KEY,
        { input: { name: 'reader', scopes: ['users:read'] } },
        admin,
      );
      for (const token of [other.data!.createApiKey.secret, auditor, cpo]) {
        const answer = await t.gql(RECORD, { input: { events: [event('x-1')] } }, token);
        expect(answer.errors?.[0]!.extensions?.code).toBe('FORBIDDEN');
      }
    });
  });
});
