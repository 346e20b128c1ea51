import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { ROOT, serverBuild } from '../harness/server-build';
import { cliOperator } from '../../apps/cli/src/cli-operator';
import { pageThrough } from '../harness/pages';
import { Role } from '../harness/test-app';
import {
  IN_THREE_YEARS,
  PROVISION_FIELDS,
  type Provision,
  RECORD_PROVISION,
  TODAY,
  provisionsFixture,
} from './provisions-fixture';

/** exception routes held for the CPO's approval, joint use by SALES, collective records and corrections, retiring a rule, the art. 28 flag and the CLI export. */
describe('provisions: approval, joint use, collective records, retirement and export (APPI arts. 27–29)', () => {
  const f = provisionsFixture();
  const { as, gql, badge, employees } = f;

  // A consent-route record to decide against (the records spec covers it in full).
  beforeAll(async () => {
    const res = await gql(Role.HR, RECORD_PROVISION, badge(employees.slice(0, 3)));
    expect(res.errors).toBeUndefined();
  });

  it('holds an exception-route provision until the CPO approves it; only then the PROVIDE entries', async () => {
    const officeId = await f.labourInspection();
    const recorded = await f.t.http
      .post('/graphql')
      .set('authorization', `Bearer ${as(Role.HR)}`)
      .send({
        query: RECORD_PROVISION,
        variables: {
          input: {
            ruleCode: 'EMPLOYEE_LABOUR_INSPECTION',
            partyId: officeId,
            items: ['name', 'department'],
            handOff: { subjectIds: [employees[3]], handedOn: TODAY, method: 'POST' },
          },
        },
      });
    const pending = (recorded.body as { data: { recordProvision: Provision } }).data
      .recordProvision;
    expect(pending).toMatchObject({
      route: 'LAWS',
      status: 'PENDING_APPROVAL',
      art29Required: false,
      approval: null,
    });
    const requestId = recorded.headers['x-request-id'];
    await f.t.sealLedger();
    expect((await f.t.ledgerRows('request_id = $1', [requestId])).map((e) => e.action)).toEqual([
      'PROVIDE_REQUESTED',
      'READ',
    ]);
    expect(await f.t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [pending.id])).toEqual([]);

    const DECIDE = `mutation($input: DecideProvisionInput!) { decideProvision(input: $input) { status approval { decision decidedBy } } }`;
    const decision = {
      input: {
        provisionId: pending.id,
        decision: 'APPROVED',
        note: 'Labour Standards Act art. 101 request of 2026-11-20',
      },
    };
    expect((await gql(Role.HR, DECIDE, decision)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A collective hand-off cannot be added before the decision, nor to a non-collective record.
    const early = await gql(
      Role.HR,
      `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { id } }`,
      {
        id: pending.id,
        h: { subjectIds: [employees[3]], handedOn: TODAY, method: 'POST' },
      },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // An id in upper case is the same id (once a decision committed, then a 500).
    const approved = await gql<{ decideProvision: { status: string } }>(Role.CPO, DECIDE, {
      input: { ...decision.input, provisionId: pending.id.toUpperCase() },
    });
    expect(approved.data?.decideProvision.status).toBe('APPROVED');
    // Integrations hear it twice: recorded (awaiting approval), then decided, in its transaction.
    const events = await f.t.dataSource.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM outbox_events WHERE type = 'provision.recorded'
          AND data->>'provisionId' = $1 ORDER BY occurred_at`,
      [pending.id],
    );
    expect(events.map((e) => [e.data.awaitingApproval, e.data.decision ?? null])).toEqual([
      [true, null],
      [false, 'APPROVED'],
    ]);
    expect(JSON.stringify(events)).not.toContain('Labour Standards Act');
    await f.t.sealLedger();
    const provided = await f.t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [pending.id]);
    expect(provided.map((e) => [e.subject_id, e.actor_role])).toEqual([[employees[3], 'CPO']]);
    expect((await gql(Role.CPO, DECIDE, decision)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const consentRecord = (
      await gql<{ provisions: { edges: { node: Provision }[] } }>(
        Role.CPO,
        `{ provisions(first: 100) { edges { node { id route } } } }`,
      )
    ).data!.provisions.edges.find((e) => e.node.route === 'CONSENT')!.node;
    const noApproval = await gql(Role.CPO, DECIDE, {
      input: { ...decision.input, provisionId: consentRecord.id },
    });
    expect(noApproval.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('lets SALES record partner-related hand-offs (joint use, approved by the CPO), and not HR', async () => {
    await gql(
      Role.CPO,
      `mutation($input: CreateRecipientInput!) { createRecipient(input: $input) { code } }`,
      {
        input: {
          code: 'GROUP_COMPANY',
          name: { ja: 'グループ会社', en: 'Group company' },
          kind: 'THIRD_PARTY',
          recipientType: { ja: '共同利用者', en: 'Joint user' },
          country: 'JP',
          provisionRule: {
            ja: '取引先担当者の連絡先を共同利用',
            en: "Partners' contacts in joint use",
          },
        },
      },
    );
    const rule = await gql(
      Role.CPO,
      `mutation($input: CreateProvisionRuleInput!) { createProvisionRule(input: $input) { code } }`,
      {
        input: {
          code: 'PARTNER_JOINT_USE',
          name: { ja: '取引先担当者情報の共同利用', en: "Joint use of partners' contacts" },
          recipientCode: 'GROUP_COMPANY',
          categoryCodes: ['PARTNER_CONTACT'],
          items: ['name', 'company', 'email'],
          methods: ['SYSTEM_TRANSFER'],
          route: 'JOINT_USE',
          purposeAtRecipient: { ja: '取引先との連絡', en: 'Communication with partners' },
        },
      },
    );
    expect(rule.errors).toBeUndefined();
    const group = await gql<{ createParty: { id: string } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: 'グループ販売株式会社',
          address: '東京都中央区1-1',
          representative: '代表取締役',
          country: 'JP',
          partyType: 'group company',
          recipientCode: 'GROUP_COMPANY',
        },
      },
    );
    const partner = await gql<{ createRecord: { subjectId: string } }>(
      Role.SALES,
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'PARTNER_CONTACT',
          collectedAt: '2026-09-01T00:00:00Z',
          source: 'business card',
          values: [
            { key: 'name', value: '取引 先子' },
            { key: 'company', value: '取引先株式会社' },
            { key: 'email', value: 'partner@example.jp' },
          ],
        },
      },
    );
    const input = {
      ruleCode: 'PARTNER_JOINT_USE',
      partyId: group.data!.createParty.id,
      items: ['name', 'company', 'email'],
      handOff: {
        subjectIds: [partner.data!.createRecord.subjectId],
        handedOn: TODAY,
        method: 'SYSTEM_TRANSFER',
      },
    };
    expect((await gql(Role.HR, RECORD_PROVISION, { input })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const recorded = await gql<{ recordProvision: Provision }>(Role.SALES, RECORD_PROVISION, {
      input,
    });
    expect(recorded.data?.recordProvision).toMatchObject({
      route: 'JOINT_USE',
      status: 'PENDING_APPROVAL',
      art29Required: false,
    });
    // Consents are the handling department's too: SALES may not record one for an employee.
    const foreign = await gql(
      Role.SALES,
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          subjectId: employees[3],
          ruleCode: 'EMPLOYEE_ENTRANCE_APPROVAL',
          givenAt: '2026-04-01T00:00:00Z',
          evidence: 'x',
        },
      },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('adds no one to an approved exception-route record, and its recorder does not decide it', async () => {
    const party = await gql<{ createParty: { id: string } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: '西労働基準監督署',
          address: '東京都新宿区西新宿1-1-1',
          representative: '署長',
          country: 'JP',
          partyType: 'government agency',
          recipientCode: 'LABOUR_STANDARDS_OFFICE',
        },
      },
    );
    expect(party.errors).toBeUndefined();
    const recorded = await gql<{ recordProvision: Provision }>(Role.HR, RECORD_PROVISION, {
      input: {
        ruleCode: 'EMPLOYEE_LABOUR_INSPECTION',
        partyId: party.data!.createParty.id,
        items: ['name', 'department'],
        collective: true,
        handOff: { subjectIds: [employees[3]], handedOn: TODAY, method: 'POST' },
      },
    });
    expect(recorded.data?.recordProvision).toMatchObject({ status: 'PENDING_APPROVAL' });
    const id = recorded.data!.recordProvision.id;
    const DECIDE = `mutation($input: DecideProvisionInput!) { decideProvision(input: $input) { status } }`;
    const decision = { input: { provisionId: id, decision: 'APPROVED', note: 'art. 101 request' } };

    // Its recorder, moved to CPO meanwhile, does not approve it; the refusal is on record.
    const recorder = (await gql<{ me: { id: string } }>(Role.HR, '{ me { id } }')).data!.me.id;
    await f.t.changedBySql(`UPDATE users SET role = 'CPO' WHERE id = $1`, [recorder]);
    const own = await gql(Role.HR, DECIDE, decision);
    await f.t.changedBySql(`UPDATE users SET role = 'HR' WHERE id = $1`, [recorder]);
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await f.t.sealLedger();
    expect(
      await f.t.ledgerRows(`action = 'DENIED' AND target_id = $1 AND actor_id = $2`, [
        id,
        recorder,
      ]),
    ).toHaveLength(1);

    expect((await gql(Role.CPO, DECIDE, decision)).data).toEqual({
      decideProvision: { status: 'APPROVED' },
    });
    // The approval covered employees[3]; more people go under a new record, decided anew.
    const more = await gql(
      Role.HR,
      `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { id } }`,
      { id, h: { subjectIds: [employees[0], employees[1]], handedOn: TODAY, method: 'POST' } },
    );
    expect(more.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('record a new provision for others') as unknown,
    });
    await f.t.sealLedger();
    const provided = await f.t.ledgerRows(`action = 'PROVIDE' AND target_id = $1`, [id]);
    expect(provided.map((e) => e.subject_id)).toEqual([employees[3]]);
  });

  it('records repeated hand-offs collectively, and corrections as new records; records are never changed', async () => {
    const collective = await gql<{ recordProvision: Provision }>(
      Role.HR,
      RECORD_PROVISION,
      badge([employees[0]], { collective: true }, { handedOn: '2026-10-01' }),
    );
    expect(collective.errors).toBeUndefined();
    const id = collective.data!.recordProvision.id;
    expect(collective.data!.recordProvision.retainUntil).toBe('2029-10-01');
    const added = await gql<{ recordHandOff: Provision }>(
      Role.HR,
      `mutation($id: ID!, $h: HandOffInput!) { recordHandOff(provisionId: $id, handOff: $h) { ${PROVISION_FIELDS} } }`,
      {
        id,
        h: { subjectIds: [employees[1], employees[2]], handedOn: TODAY, method: 'HAND_DELIVERY' },
      },
    );
    expect(added.data?.recordHandOff.handOffs.map((h) => h.subjectIds.length)).toEqual([1, 2]);
    // A collective record is kept for its years from its last hand-off (PPC Rules art. 21).
    expect(added.data?.recordHandOff.retainUntil).toBe(IN_THREE_YEARS);
    const corrected = await gql<{ recordProvision: { id: string; correctsId: string } }>(
      Role.HR,
      RECORD_PROVISION,
      badge([employees[0]], {
        correctsId: id,
        correctionNote: 'qualifications were not handed over',
        items: ['name', 'department', 'position', 'phone', 'faceImage'],
      }),
    );
    expect(corrected.data?.recordProvision.correctsId).toBe(id);
    // The runtime role cannot change or delete a record, whatever the code would try.
    const rows = await f.t.dataSource.query<{ update: boolean; delete: boolean }[]>(
      `SELECT has_table_privilege('daicho_app', 'provisions', 'UPDATE') AS update,
              has_table_privilege('daicho_app', 'provisions', 'DELETE') AS delete`,
    );
    expect(rows).toEqual([{ update: false, delete: false }]);
    // Departments see the records they made: SALES only its joint-use record, none of HR's.
    const sales = await gql<{ provisions: { edges: { node: { route: string } }[] } }>(
      Role.SALES,
      `{ provisions { edges { node { route } } } }`,
    );
    expect(sales.data?.provisions.edges.map((e) => e.node)).toEqual([{ route: 'JOINT_USE' }]);
    await f.t.sealLedger();
    // One READ for the record returned when SALES made it, one for this list.
    expect(
      await f.t.ledgerRows(
        `action = 'READ' AND target_type = 'Provision' AND actor_role = 'SALES'`,
      ),
    ).toHaveLength(2);
    expect(
      (await gql(Role.SALES, `query($id: ID!) { provision(id: $id) { id } }`, { id })).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await gql(Role.HR, `query($id: ID!) { provision(id: $id) { id } }`, { id })).errors,
    ).toBeUndefined();
  });

  it('retires a rule (CPO only): no new hand-off under it, its records stay', async () => {
    const RETIRE = `mutation($code: String!) { retireProvisionRule(code: $code) { code retiredAt } }`;
    expect(
      (await gql(Role.HR, RETIRE, { code: 'PARTNER_JOINT_USE' })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const retired = await gql<{ retireProvisionRule: { retiredAt: string | null } }>(
      Role.CPO,
      RETIRE,
      { code: 'PARTNER_JOINT_USE' },
    );
    expect(retired.data?.retireProvisionRule.retiredAt).not.toBeNull();
    expect(
      (await gql(Role.CPO, RETIRE, { code: 'PARTNER_JOINT_USE' })).errors?.[0]?.extensions?.code,
    ).toBe('CONFLICT');
    const records = await gql<{ provisions: { edges: { node: { route: string } }[] } }>(
      Role.SALES,
      `{ provisions { edges { node { route } } } }`,
    );
    expect(records.data?.provisions.edges.map((e) => e.node)).toEqual([{ route: 'JOINT_USE' }]);
    const [party] = (
      await gql<{ parties: { edges: { node: { id: string; partyType: string } }[] } }>(
        Role.SALES,
        `{ parties(kind: THIRD_PARTY, first: 100) { edges { node { id partyType } } } }`,
      )
    )
      .data!.parties.edges.map((e) => e.node)
      .filter((p) => p.partyType === 'group company');
    const again = await gql(Role.SALES, RECORD_PROVISION, {
      input: {
        ruleCode: 'PARTNER_JOINT_USE',
        partyId: party!.id,
        items: ['name'],
        handOff: { subjectIds: [employees[0]], handedOn: TODAY, method: 'SYSTEM_TRANSFER' },
      },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toContain('PARTNER_JOINT_USE is retired');
  });

  it('flags a recipient abroad (art. 28) and exports the records from the CLI too', async () => {
    const abroad = await gql<{ createParty: { abroad: boolean } }>(
      Role.CPO,
      `mutation($input: CreatePartyInput!) { createParty(input: $input) { abroad } }`,
      {
        input: {
          kind: 'THIRD_PARTY',
          name: 'Sample Systems Inc.',
          address: '1 Market St, San Francisco, CA',
          representative: 'CEO Jane Doe',
          country: 'US',
          partyType: 'system company of a client',
          recipientCode: 'CLIENT_SYSTEM_COMPANY',
        },
      },
    );
    expect(abroad.data?.createParty.abroad).toBe(true);

    const built = serverBuild();
    const out = join(f.t.dataDir, 'provisions.csv');
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [join(built, 'dist/apps/cli/src/main.js'), 'provisions:export', ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: f.t.adminUrl,
            DAICHO_DATA_DIR: f.t.dataDir,
            LOG_LEVEL: 'warn',
          },
          encoding: 'utf8',
        },
      );
    const ok = cli(['--format', 'csv', '--lang', 'en', '--from', TODAY, '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const rows = parse<Record<string, string>>(
      (await readFile(out, 'utf8')).replace(/^\uFEFF/, ''),
      {
        columns: true,
      },
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(
      rows
        .filter((r) => r['Legal route'] === "The person's consent (art. 27(1))")
        .every((r) => r["Person's consent"] === 'yes'),
    ).toBe(true);
    expect(rows.some((r) => r.Recipient === '中央労働基準監督署' && r.Status === 'Approved')).toBe(
      true,
    );
    // The same date rule as the HTTP route: an impossible day is refused like a word.
    for (const from of ['yesterday', '2026-02-30']) {
      const bad = cli(['--from', from, '--out', out]);
      expect(bad.status).toBe(65);
      expect(bad.stderr).toContain('--from must be an ISO-8601 date');
    }
    // A name that is taken is not overwritten, and the refused export records nothing.
    const again = cli(['--format', 'csv', '--lang', 'en', '--from', TODAY, '--out', out]);
    expect(again.status).toBe(65);
    expect(again.stderr).toContain('exists already');
    await f.t.sealLedger();
    // One entry for the export, and one for each person it names (their footprint shows it).
    expect(
      await f.t.ledgerRows(`actor_id = $1 AND action = 'EXPORT' AND subject_id IS NULL`, [
        cliOperator().id,
      ]),
    ).toHaveLength(1);
    const named = await f.t.ledgerRows(
      `actor_id = $1 AND action = 'EXPORT' AND subject_id IS NOT NULL`,
      [cliOperator().id],
    );
    expect(named.map((e) => e.subject_id).sort()).toEqual(
      [...new Set(rows.flatMap((r) => r['Persons (pseudonymous ids)']!.split('\n')))].sort(),
    );
  }, 180_000); // builds the CLI first, as exports.e2e-spec does

  it('pages provisions one at a time without skipping those created in the same millisecond', async () => {
    // Creation times are kept to the millisecond, the precision a cursor carries: a page ending
    // on one of several provisions of the same millisecond goes on with the rest, by id.
    const [{ sub }] = await f.t.dataSource.query<[{ sub: number }]>(
      `SELECT count(*) FILTER (WHERE created_at <> date_trunc('milliseconds', created_at))::int AS sub
         FROM provisions`,
    );
    expect(sub).toBe(0);
    // Records are never changed by the application (its role may not): as the owner here.
    const owner = new Client({ connectionString: f.t.adminUrl });
    await owner.connect();
    try {
      await owner.query(
        `UPDATE provisions SET created_at = '2026-12-01T00:00:00.123Z'
          WHERE id IN (SELECT id FROM provisions ORDER BY id LIMIT 3)`,
      );
    } finally {
      await owner.end();
    }
    const all = await f.t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM provisions ORDER BY created_at DESC, id DESC`,
    );
    expect(all.length).toBeGreaterThanOrEqual(4);
    const { nodes } = await pageThrough<{ id: string }>(
      (query, variables) => gql<Record<string, never>>(Role.CPO, query, variables),
      `query($first: Int, $after: String) { provisions(first: $first, after: $after) {
        edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`,
      'provisions',
      {},
      1,
    );
    expect(nodes.map((n) => n.id)).toEqual(all.map((r) => r.id));
  });
});
