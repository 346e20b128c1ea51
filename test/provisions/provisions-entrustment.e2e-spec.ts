import { DateTime } from 'luxon';
import { Role } from '../harness/test-app';
import { IN_THREE_YEARS, TODAY, provisionsFixture } from './provisions-fixture';

/** receipts from third parties (art. 30) and entrustment under live contracts with their supervision (art. 25). */
describe('provisions: receipts and entrustment (APPI arts. 25, 30)', () => {
  const f = provisionsFixture();
  const { gql, counts, employees } = f;

  it('records receipts from third parties (art. 30) with RECEIVE entries', async () => {
    const RECEIPT = `mutation($input: RecordReceiptInput!) { recordReceipt(input: $input) { id receivedOn retainUntil subjectIds } }`;
    const input = {
      sourceName: '株式会社人材紹介',
      sourceAddress: '東京都新宿区西新宿2-8-1',
      sourceRepresentative: '代表取締役 田中 次郎',
      howObtained: 'Registered candidates who consented to introduction to employers',
      receivedOn: TODAY,
      categoryCodes: ['APPLICANT'],
      subjectIds: [f.applicant],
    };
    const before = await counts();
    expect((await gql(Role.SALES, RECEIPT, { input })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await gql(Role.HR, RECEIPT, { input: { ...input, categoryCodes: ['NOPE'] } })).errors?.[0]
        ?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    const res = await gql<{
      recordReceipt: { id: string; retainUntil: string; subjectIds: string[] };
    }>(Role.HR, RECEIPT, { input });
    expect(res.data?.recordReceipt).toMatchObject({
      retainUntil: IN_THREE_YEARS,
      subjectIds: [f.applicant],
    });
    await f.t.sealLedger();
    const received = await f.t.ledgerRows(`action = 'RECEIVE' AND target_id = $1`, [
      res.data!.recordReceipt.id,
    ]);
    expect(received.map((e) => [e.subject_id, e.category_code])).toEqual([
      [f.applicant, 'APPLICANT'],
    ]);
    const listed = await gql<{ receipts: { edges: { node: { id: string } }[] } }>(
      Role.AUDITOR,
      `query($f: String) { receipts(from: $f) { edges { node { id } } } }`,
      { f: TODAY },
    );
    expect(listed.data?.receipts.edges.map((e) => e.node.id)).toEqual([res.data!.recordReceipt.id]);
    await f.t.sealLedger();
    // Looking at the records is itself recorded, like any read of personal data.
    const looked = await f.t.ledgerRows(
      `action = 'READ' AND target_type = 'Receipt' AND actor_role = 'AUDITOR' AND target_id = $1`,
      [res.data!.recordReceipt.id],
    );
    expect(looked).toHaveLength(1);
    const footprint = await gql<{ subjectFootprint: { handOffs: { kind: string }[] } }>(
      Role.CPO,
      `query($id: ID!) { subjectFootprint(subjectId: $id) { handOffs { kind } } }`,
      { id: f.applicant },
    );
    expect(footprint.data?.subjectFootprint.handOffs).toEqual([{ kind: 'RECEIPT' }]);
  });

  it('entrusts only under a live contract and within its scope; supervision comes due', async () => {
    const CONTRACT = `mutation($input: CreateEntrustmentContractInput!) { createEntrustmentContract(input: $input) { id reviewDueOn } }`;
    const contract = await gql<{ createEntrustmentContract: { id: string; reviewDueOn: string } }>(
      Role.CPO,
      CONTRACT,
      {
        input: {
          contractorId: f.contractor,
          title: 'Payroll processing 2025–2027',
          scope: [{ categoryCode: 'EMPLOYEE', items: ['name', 'department', 'bankAccount'] }],
          confidentialityClause: 'Art. 12: confidentiality during and after the contract',
          securityClause: 'Art. 13: access control, encryption, no subcontracting without consent',
          startsOn: '2025-01-01',
          endsOn: '2027-12-31',
          endHandling: 'DELETION',
          reviewIntervalMonths: 12,
        },
      },
    );
    expect(contract.errors).toBeUndefined();
    const contractId = contract.data!.createEntrustmentContract.id;
    expect(contract.data!.createEntrustmentContract.reviewDueOn).toBe('2026-01-01');
    const ENTRUST = `mutation($input: RecordEntrustmentInput!) { recordEntrustment(input: $input) { id subjects } }`;
    const entrust = (extra: Record<string, unknown> = {}) => ({
      input: {
        contractId,
        categoryCode: 'EMPLOYEE',
        items: ['name', 'bankAccount'],
        subjectIds: employees.slice(0, 2),
        handedOn: TODAY,
        method: 'SYSTEM_TRANSFER',
        ...extra,
      },
    });
    const before = await counts();
    for (const [what, r, variables, code] of [
      [
        'an item outside the scope',
        Role.HR,
        entrust({ items: ['name', 'myNumber'] }),
        'BAD_USER_INPUT',
      ],
      [
        'a category outside the scope',
        Role.HR,
        entrust({ categoryCode: 'APPLICANT', subjectIds: [f.applicant] }),
        'BAD_USER_INPUT',
      ],
      [
        'before the contract starts',
        Role.HR,
        entrust({ handedOn: '2024-12-31' }),
        'BAD_USER_INPUT',
      ],
      [
        'without a contract',
        Role.HR,
        entrust({ contractId: '00000000-0000-4000-8000-000000000000' }),
        'BAD_USER_INPUT',
      ],
      ['a role that may not entrust employees', Role.SALES, entrust(), 'FORBIDDEN'],
    ] as const) {
      const res = await gql(r, ENTRUST, variables);
      expect({ what, code: res.errors?.[0]?.extensions?.code }).toEqual({ what, code });
    }
    expect(await counts()).toEqual(before);
    const done = await gql<{ recordEntrustment: { id: string; subjects: number } }>(
      Role.HR,
      ENTRUST,
      entrust(),
    );
    expect(done.data?.recordEntrustment.subjects).toBe(2);
    await f.t.sealLedger();
    const entrusted = await f.t.ledgerRows(`action = 'ENTRUST' AND target_id = $1`, [
      done.data!.recordEntrustment.id,
    ]);
    expect(entrusted.map((e) => e.subject_id).sort()).toEqual(employees.slice(0, 2).sort());

    const DUE = `query($asOf: String, $within: Int) { supervisionDue(asOf: $asOf, withinDays: $within) {
      edges { node { contractId dueOn overdue lastReviewedOn } } } }`;
    const due = async (variables: Record<string, unknown>) =>
      (
        await gql<{ supervisionDue: { edges: { node: unknown }[] } }>(Role.AUDITOR, DUE, variables)
      ).data?.supervisionDue.edges.map((e) => e.node);
    expect(await due({})).toEqual([
      { contractId, dueOn: '2026-01-01', overdue: true, lastReviewedOn: null },
    ]);
    const reviewed = await gql<{ recordSupervisionReview: { reviewDueOn: string } }>(
      Role.CPO,
      `mutation($input: RecordSupervisionReviewInput!) { recordSupervisionReview(input: $input) { reviewDueOn } }`,
      {
        input: {
          contractId,
          reviewedOn: TODAY,
          reviewer: 'CPO office',
          result: 'SATISFACTORY',
          findings: 'On-site audit: access logs and deletion procedure checked',
        },
      },
    );
    const nextDue = DateTime.fromISO(TODAY).plus({ months: 12 }).toISODate()!;
    expect(reviewed.data?.recordSupervisionReview.reviewDueOn).toBe(nextDue);
    expect(await due({})).toEqual([]);
    expect(await due({ within: 366 })).toEqual([
      { contractId, dueOn: nextDue, overdue: false, lastReviewedOn: TODAY },
    ]);
    expect(
      (
        await gql(
          Role.HR,
          `mutation($input: RecordSupervisionReviewInput!) { recordSupervisionReview(input: $input) { id } }`,
          {
            input: {
              contractId,
              reviewedOn: TODAY,
              reviewer: 'x',
              result: 'SATISFACTORY',
              findings: 'x',
            },
          },
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    const END = `mutation($input: EndEntrustmentContractInput!) { endEntrustmentContract(input: $input) { endedOn endConfirmation } }`;
    // Not ended before the data last handed over under it (entrusted today).
    const backdated = await gql(Role.CPO, END, {
      input: { contractId, endedOn: '2025-06-30', confirmation: 'Deletion certificate' },
    });
    expect(backdated.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('before the last entrustment') as unknown,
    });
    const ended = await gql(Role.CPO, END, {
      input: {
        contractId,
        endedOn: TODAY,
        confirmation: 'Deletion certificate No. 2026-114 received',
      },
    });
    expect(ended.errors).toBeUndefined();
    expect(
      (await gql(Role.CPO, END, { input: { contractId, endedOn: TODAY, confirmation: 'again' } }))
        .errors?.[0]?.extensions?.code,
    ).toBe('CONFLICT');
    expect((await gql(Role.HR, ENTRUST, entrust())).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(await due({ within: 366 })).toEqual([]);
    await f.t.sealLedger();
    expect(
      await f.t.ledgerRows(`action = 'ENTRUSTMENT_DELETED' AND target_id = $1`, [contractId]),
    ).toHaveLength(1);
  });
});
