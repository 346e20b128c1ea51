import { randomUUID } from 'node:crypto';
import { todayInJapan } from '@daicho/platform';
import { expectForgedRefused, forgedCursors, pageThrough } from '../harness/pages';
import { Role } from '../harness/test-app';
import { provisionsFixture } from './provisions-fixture';

const PARTIES = `query($first: Int, $after: String) { parties(kind: THIRD_PARTY, first: $first, after: $after) {
  edges { cursor node { id name } } pageInfo { endCursor hasNextPage } } }`;
const RECEIPTS = `query($from: String, $first: Int, $after: String) { receipts(from: $from, first: $first, after: $after) {
  edges { cursor node { id receivedOn } } pageInfo { endCursor hasNextPage } } }`;
const CONTRACTS = `query($first: Int, $after: String) { entrustmentContracts(first: $first, after: $after) {
  edges { cursor node { id startsOn endsOn endedOn reviewDueOn reviews { reviewedOn } } }
  pageInfo { endCursor hasNextPage } } }`;
const DUE = `query($asOf: String, $within: Int, $first: Int, $after: String) {
  supervisionDue(asOf: $asOf, withinDays: $within, first: $first, after: $after) {
    edges { cursor node { contractId dueOn lastReviewedOn overdue } } pageInfo { endCursor hasNextPage } } }`;
const RULES = `query($first: Int, $after: String) { provisionRules(first: $first, after: $after) {
  edges { cursor node { code } } pageInfo { endCursor hasNextPage } } }`;
const CONSENTS = `query($s: ID!, $first: Int, $after: String) { consents(subjectId: $s, first: $first, after: $after) {
  edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`;

interface Contract {
  id: string;
  startsOn: string;
  endsOn: string;
  endedOn: string | null;
  reviewDueOn: string;
  reviews: { reviewedOn: string }[];
}
interface Due {
  contractId: string;
  dueOn: string;
  lastReviewedOn: string | null;
  overdue: boolean;
}

/** By (key, id), as the keyset orders them (uuids compare as their lowercase text). */
const byKeyThenId = <T>(rows: T[], key: (row: T) => string, id: (row: T) => string) =>
  [...rows].sort((a, b) => key(a).localeCompare(key(b)) || (id(a) < id(b) ? -1 : 1));

/** The hand-off lists page like every other: two at a time to the end, each row once, in order. */
describe('provisions: keyset pages', () => {
  const f = provisionsFixture();
  const ask = (role: Role) => (query: string, variables: Record<string, unknown>) =>
    f.gql<Record<string, never>>(role, query, variables);

  it('pages parties by name, two of the same name by id', async () => {
    for (const name of ['B社', 'A社', 'A社', 'C社', 'D社']) {
      const made = await f.gql(
        Role.CPO,
        `mutation($input: CreatePartyInput!) { createParty(input: $input) { id } }`,
        {
          input: {
            kind: 'THIRD_PARTY',
            name,
            address: '東京都千代田区1-1',
            representative: '代表取締役 鈴木 一郎',
            country: 'JP',
            partyType: 'business partner',
          },
        },
      );
      expect(made.errors).toBeUndefined();
    }
    const parties = await pageThrough<{ id: string }>(ask(Role.AUDITOR), PARTIES, 'parties');
    expect(parties.pages).toBe(3); // the fixture's client company and these five
    const expected = await f.t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM parties WHERE kind = 'THIRD_PARTY' ORDER BY name, id`,
    );
    expect(parties.nodes.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    await expectForgedRefused(
      ask(Role.AUDITOR),
      PARTIES,
      forgedCursors(['A社', 'not-a-uuid'], ['A社', '']),
    );
  });

  it('pages receipts by date received, each shown one READ entry', async () => {
    const ids: string[] = [];
    for (const receivedOn of [
      '2026-02-01',
      '2026-01-10',
      '2026-01-10',
      '2026-03-01',
      '2026-02-01',
    ]) {
      const made = await f.gql<{ recordReceipt: { id: string } }>(
        Role.HR,
        `mutation($input: RecordReceiptInput!) { recordReceipt(input: $input) { id } }`,
        {
          input: {
            sourceName: '株式会社人材紹介',
            sourceAddress: '東京都新宿区西新宿2-8-1',
            sourceRepresentative: '代表取締役 田中 次郎',
            howObtained: 'Registered candidates who consented to introduction',
            receivedOn,
            categoryCodes: ['APPLICANT'],
          },
        },
      );
      expect(made.errors).toBeUndefined();
      ids.push(made.data!.recordReceipt.id);
    }
    const receipts = await pageThrough<{ id: string; receivedOn: string }>(
      ask(Role.AUDITOR),
      RECEIPTS,
      'receipts',
      { from: '2026-01-01' },
    );
    expect(receipts.pages).toBe(3);
    expect(receipts.nodes.map((r) => r.id)).toEqual(
      byKeyThenId(
        receipts.nodes,
        (r) => r.receivedOn,
        (r) => r.id,
      ).map((r) => r.id),
    );
    expect(receipts.nodes.map((r) => r.id).sort()).toEqual([...ids].sort());
    await f.t.sealLedger();
    const looks = await f.t.ledgerRows(
      `action = 'READ' AND target_type = 'Receipt' AND actor_role = 'AUDITOR'`,
    );
    expect(looks.map((e) => e.target_id).sort()).toEqual([...ids].sort());
    await expectForgedRefused(
      ask(Role.AUDITOR),
      RECEIPTS,
      forgedCursors(['2026-02-30', randomUUID()], ['2026-01-10', 'not-a-uuid']),
    );
  });

  it('pages contracts by start and supervision due by due date, the due dates as the contracts have them', async () => {
    const made: string[] = [];
    for (const [startsOn, endsOn, reviewIntervalMonths] of [
      ['2025-01-31', '2030-12-31', 1], // due 2025-02-28: the month end clamps
      ['2024-02-29', '2030-12-31', 12], // due 2025-02-28 too
      ['2025-01-31', '2030-12-31', 1], // the same start and due date: the id orders them
      ['2025-03-15', '2030-12-31', 6], // reviewed below: due at its next date
      ['2025-05-01', '2030-12-31', 3],
      ['2025-01-01', '2025-03-31', 1], // its term is over by mid-2025
    ] as const) {
      const contract = await f.gql<{ createEntrustmentContract: { id: string } }>(
        Role.CPO,
        `mutation($input: CreateEntrustmentContractInput!) { createEntrustmentContract(input: $input) { id } }`,
        {
          input: {
            contractorId: f.contractor,
            title: `Payroll ${startsOn}`,
            scope: [{ categoryCode: 'EMPLOYEE', items: ['name'] }],
            confidentialityClause: 'Art. 12: confidentiality',
            securityClause: 'Art. 13: access control',
            startsOn,
            endsOn,
            endHandling: 'DELETION',
            reviewIntervalMonths,
          },
        },
      );
      expect(contract.errors).toBeUndefined();
      made.push(contract.data!.createEntrustmentContract.id);
    }
    const reviewed = await f.gql(
      Role.CPO,
      `mutation($input: RecordSupervisionReviewInput!) { recordSupervisionReview(input: $input) { id } }`,
      {
        input: {
          contractId: made[3],
          reviewedOn: '2025-06-01',
          reviewer: 'CPO office',
          result: 'SATISFACTORY',
          findings: 'Access logs checked',
        },
      },
    );
    expect(reviewed.errors).toBeUndefined();

    const contracts = await pageThrough<Contract>(
      ask(Role.AUDITOR),
      CONTRACTS,
      'entrustmentContracts',
    );
    expect(contracts.pages).toBe(3);
    expect(contracts.nodes.map((c) => c.id)).toEqual(
      byKeyThenId(
        contracts.nodes,
        (c) => c.startsOn,
        (c) => c.id,
      ).map((c) => c.id),
    );
    expect(contracts.nodes.map((c) => c.id).sort()).toEqual([...made].sort());

    // What is due, worked out from the contracts as the API shows them.
    const today = todayInJapan();
    const expectedDue = (asOf: string, until: string): Due[] =>
      byKeyThenId(
        contracts.nodes.filter((c) => !c.endedOn && c.endsOn >= asOf && c.reviewDueOn <= until),
        (c) => c.reviewDueOn,
        (c) => c.id,
      ).map((c) => ({
        contractId: c.id,
        dueOn: c.reviewDueOn,
        lastReviewedOn: c.reviews.at(-1)?.reviewedOn ?? null,
        overdue: c.reviewDueOn < today,
      }));
    const soon = await pageThrough<Due>(ask(Role.AUDITOR), DUE, 'supervisionDue', {
      asOf: '2025-01-01',
      within: 366,
    });
    expect(soon.pages).toBe(3);
    expect(soon.nodes).toEqual(expectedDue('2025-01-01', '2026-01-02'));
    expect(soon.nodes.filter((d) => d.dueOn === '2025-02-28')).toHaveLength(3);
    const midYear = await pageThrough<Due>(ask(Role.AUDITOR), DUE, 'supervisionDue', {
      asOf: '2025-07-01',
    });
    expect(midYear.nodes).toEqual(expectedDue('2025-07-01', '2025-07-01'));
    expect(midYear.nodes).toHaveLength(3);
    await expectForgedRefused(
      ask(Role.AUDITOR),
      DUE,
      forgedCursors(['2025-02-30', randomUUID()], ['2025-02-28', 'not-a-uuid']),
      { asOf: '2025-01-01', within: 366 },
    );
    await expectForgedRefused(ask(Role.AUDITOR), CONTRACTS, forgedCursors(['soon', randomUUID()]));
  });

  it('pages rules and consents in the same shape', async () => {
    const rules = await pageThrough<{ code: string }>(ask(Role.HR), RULES, 'provisionRules');
    expect(rules.nodes.map((r) => r.code)).toEqual(['EMPLOYEE_ENTRANCE_APPROVAL']);
    await expectForgedRefused(ask(Role.HR), RULES, forgedCursors());
    const consents = await pageThrough<{ id: string }>(ask(Role.HR), CONSENTS, 'consents', {
      s: f.employees[0],
    });
    expect(consents.nodes).toHaveLength(1);
    await expectForgedRefused(
      ask(Role.HR),
      CONSENTS,
      forgedCursors(['2026-01-01T00:00:00Z', 'not-a-uuid']),
      { s: f.employees[0] },
    );
  });
});
