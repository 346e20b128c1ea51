import { pdfToText } from '@daicho/documents';
import { tarFiles } from '../harness/tar-files';
import { Role, TestApp } from '../harness/test-app';
import { readyRequest } from './ready-request';

const FIELDS = `id status execution { persons records categoryCodes measures }
  decision { outcome measure withheld { categoryCodes items { categoryCode itemKey } } }`;
const M = {
  create: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`,
  read: `query($id: ID!, $p: String!) { record(id: $id, purpose: $p) { id } }`,
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  execute: `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  get: `query($id: ID!) { request(id: $id) { ${FIELDS} } }`,
};
interface Req {
  id: string;
  status: string;
  execution: { persons: number; records: number; categoryCodes: string[]; measures: string[] };
  decision: {
    outcome: string;
    measure: string | null;
    withheld: { categoryCodes: string[]; items: { categoryCode: string; itemKey: string }[] };
  } | null;
}
const HEALTH_CHECK = '要再検査（血圧）';
const WORK_HISTORY = '株式会社サンプル 営業職 2019-2024';
const HARM = ['HARM_TO_PERSON_OR_THIRD_PARTY'];

/**
 * A PARTIAL decision names the part it holds back (APPI arts. 33(2), 34(2), 35: "all or part"),
 * and the execution, the letters and the disclosure package leave that part out: whole
 * categories and single items, through the API as the CPO runs it, against real holdings.
 */
describe('requests: a PARTIAL decision holds back what it names', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;

  const run = (query: string, variables: Record<string, unknown>, token = cpo) =>
    t.gql<Record<string, Req>>(query, variables, token);
  const ok = async (query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await run(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0]!;
  };
  const create = async (input: Record<string, unknown>) =>
    (await t.gql<{ createRecord: { id: string; subjectId: string } }>(M.create, { input }, hr))
      .data!.createRecord;
  /** An employee who also applied before: an EMPLOYEE and an APPLICANT record, one person. */
  const person = async (name: string) => {
    const employee = await create({
      categoryCode: 'EMPLOYEE',
      collectedAt: '2026-04-01T00:00:00Z',
      source: 'hiring documents',
      consentRef: 'employment contract',
      values: [
        { key: 'name', value: name },
        { key: 'address', value: '東京都千代田区1-1-1' },
        { key: 'healthCheckResults', value: HEALTH_CHECK },
      ],
    });
    const applicant = await create({
      categoryCode: 'APPLICANT',
      subjectId: employee.subjectId,
      collectedAt: '2026-01-10T00:00:00Z',
      source: 'application documents',
      values: [
        { key: 'name', value: name },
        { key: 'workHistory', value: WORK_HISTORY },
      ],
    });
    return { subjectId: employee.subjectId, employee: employee.id, applicant: applicant.id };
  };
  /** A request ready to be decided (received, identity confirmed, paid, matched). */
  const ready = async (kind: string, subjectId: string, extra: Record<string, unknown> = {}) => ({
    id: await readyRequest((q, v) => t.gql(q, v, cpo), kind, subjectId, extra),
  });
  const binary = (path: string) => t.download(path, cpo);
  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
  });
  afterAll(() => t.close());

  it('discloses without the categories and items held back: execution, letter, package, accesses', async () => {
    const p = await person('部分 開示');
    // Accesses the disclosure would list: the applicant record read for recruitment, the
    // employee record read for the health check follow-up.
    expect((await t.gql(M.read, { id: p.applicant, p: 'RECRUITMENT' }, hr)).errors).toBeUndefined();
    expect(
      (await t.gql(M.read, { id: p.employee, p: 'INDUSTRIAL_SAFETY' }, hr)).errors,
    ).toBeUndefined();
    const r = await ready('DISCLOSURE', p.subjectId, { disclosureMethod: 'ELECTRONIC' });
    const decided = await ok(M.decide, {
      id: r.id,
      input: {
        outcome: 'PARTIAL',
        grounds: HARM,
        withheld: {
          categoryCodes: ['APPLICANT'],
          items: [{ categoryCode: 'EMPLOYEE', itemKey: 'healthCheckResults' }],
        },
      },
    });
    expect(decided.decision).toEqual({
      outcome: 'PARTIAL',
      measure: null,
      withheld: {
        categoryCodes: ['APPLICANT'],
        items: [{ categoryCode: 'EMPLOYEE', itemKey: 'healthCheckResults' }],
      },
    });
    const done = await ok(M.execute, { id: r.id });
    expect(done.execution).toMatchObject({ persons: 1, records: 1, categoryCodes: ['EMPLOYEE'] });

    await t.sealLedger();
    // The decision's entry names the part by codes; the execution read neither the applicant
    // record nor the health check for the request.
    const [decision] = await t.ledgerRows(`action = 'REQUEST_DECIDED' AND target_id = $1`, [r.id]);
    expect(decision!.details).toMatchObject({
      withheldCategories: ['APPLICANT'],
      withheldItems: ['EMPLOYEE.healthCheckResults'],
    });
    const requestReads = await t.ledgerRows(
      `action = 'READ' AND target_type = 'PersonalRecord' AND subject_id = $1 AND purpose_code = 'DATA_SUBJECT_REQUEST'`,
      [p.subjectId],
    );
    expect(requestReads.length).toBeGreaterThan(0);
    for (const read of requestReads) {
      expect(read.target_id).toBe(p.employee);
      expect(read.fields).not.toContain('healthCheckResults');
    }

    const letter = await binary(`/requests/${r.id}/letters/response.pdf?lang=ja`);
    expect(letter.status).toBe(200);
    const text = (await pdfToText(letter.body)).replace(/\s+/g, '');
    expect(text).toContain('部分開示');
    expect(text).toContain('東京都千代田区1-1-1');
    expect(text).not.toContain(HEALTH_CHECK);
    expect(text).not.toContain(WORK_HISTORY.replace(/\s+/g, ''));
    expect(text).not.toContain(p.applicant);
    // The part held back is named, with the reason (art. 36).
    expect(text).toContain('応じられない部分');
    expect(text).toContain('採用応募者');
    expect(text).toContain('従業員：健康診断結果');

    const pkg = await binary(`/requests/${r.id}/disclosure-package.tar?lang=ja`);
    expect(pkg.status).toBe(200);
    const files = await tarFiles(pkg.body);
    const all = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    expect(all).not.toContain(HEALTH_CHECK);
    expect(all).not.toContain(WORK_HISTORY);
    expect(all).not.toContain(p.applicant);
    const json = JSON.parse(files.get('disclosure.json')!.toString('utf8')) as {
      records: { recordId: string; withheld: { ja: string }[] }[];
      accesses: { seq: number; items: { ja: string }[] }[];
    };
    expect(json.records.map((x) => x.recordId)).toEqual([p.employee]);
    expect(json.records[0]!.withheld.map((w) => w.ja)).toContain('健康診断結果');
    // No access to the applicant record is listed, and no access that touched the health check:
    // not trimmed but left out, since the package's proofs carry each listed entry whole.
    const applicantSeqs = (
      await t.ledgerRows(`category_code = 'APPLICANT' AND subject_id = $1`, [p.subjectId])
    ).map((e) => Number(e.seq));
    expect(applicantSeqs.length).toBeGreaterThan(0);
    expect(json.accesses.map((a) => a.seq).filter((s) => applicantSeqs.includes(s))).toEqual([]);
    const [safetyRead] = await t.ledgerRows(
      `action = 'READ' AND subject_id = $1 AND purpose_code = 'INDUSTRIAL_SAFETY'`,
      [p.subjectId],
    );
    expect(json.accesses.map((a) => a.seq)).not.toContain(Number(safetyRead!.seq));
    expect(json.accesses.length).toBeGreaterThan(0); // the request's own read of the employee record
    expect(files.get('ledger-proofs.json')!.toString('utf8')).not.toContain('healthCheckResults');
  });

  it('notifies the purposes of all but the categories held back', async () => {
    const p = await person('部分 通知');
    const r = await ready('PURPOSE_NOTICE', p.subjectId);
    await ok(M.decide, {
      id: r.id,
      input: { outcome: 'PARTIAL', grounds: HARM, withheld: { categoryCodes: ['APPLICANT'] } },
    });
    expect((await ok(M.execute, { id: r.id })).execution).toMatchObject({
      categoryCodes: ['EMPLOYEE'],
    });
    const letter = await binary(`/requests/${r.id}/letters/response.pdf?lang=ja`);
    const text = (await pdfToText(letter.body)).replace(/\s+/g, '');
    expect(text).toContain('従業員');
    // Named once, as the part held back; not with its purposes (採用選考).
    expect(text.match(/採用応募者/g)).toHaveLength(1);
    expect(text).not.toContain('採用選考');
  });

  it('names nothing held back under an exemption, and still leaves it out', async () => {
    const p = await person('除外 開示');
    // HR reads the record for personnel work, which may not see the health check: its entry
    // names the item as one it was not shown.
    expect(
      (await t.gql(M.read, { id: p.employee, p: 'PERSONNEL_ADMIN' }, hr)).errors,
    ).toBeUndefined();
    const r = await ready('DISCLOSURE', p.subjectId, { disclosureMethod: 'ELECTRONIC' });
    await ok(M.decide, {
      id: r.id,
      input: {
        outcome: 'PARTIAL',
        grounds: ['NOT_DISCLOSURE_TARGET'],
        exemption: 'CRIME_PREVENTION',
        withheld: { items: [{ categoryCode: 'EMPLOYEE', itemKey: 'healthCheckResults' }] },
      },
    });
    await ok(M.execute, { id: r.id });
    const letter = await binary(`/requests/${r.id}/letters/response.pdf?lang=ja`);
    const text = (await pdfToText(letter.body)).replace(/\s+/g, '');
    expect(text).toContain('採用応募者'); // the applicant record is answered this time
    expect(text).not.toContain(HEALTH_CHECK);
    expect(text).not.toContain('健康診断結果');
    expect(text).not.toContain('応じられない部分');
    // Nor does the package, whose proofs carry each listed entry whole: the personnel read,
    // which names the item, is not listed.
    const pkg = await binary(`/requests/${r.id}/disclosure-package.tar?lang=ja`);
    expect(pkg.status).toBe(200);
    const all = [...(await tarFiles(pkg.body)).values()].map((b) => b.toString('utf8')).join('\n');
    expect(all).not.toContain('healthCheckResults');
    expect(all).not.toContain('健康診断結果');
    expect(all).not.toContain(HEALTH_CHECK);
  });

  it('carries an exemption to the same person’s next answer, unless lifted on the record', async () => {
    const p = await person('除外 継続');
    const exempt = {
      outcome: 'PARTIAL',
      grounds: ['NOT_DISCLOSURE_TARGET'],
      exemption: 'THREAT_TO_LIFE_BODY_PROPERTY',
    };
    const first = await ready('DISCLOSURE', p.subjectId, { disclosureMethod: 'WRITTEN' });
    await ok(M.decide, {
      id: first.id,
      input: {
        ...exempt,
        withheld: {
          categoryCodes: ['APPLICANT'],
          items: [{ categoryCode: 'EMPLOYEE', itemKey: 'healthCheckResults' }],
        },
      },
    });
    const numbered = await t.gql<{ request: { number: string } }>(
      `query($id: ID!) { request(id: $id) { number } }`,
      { id: first.id },
      cpo,
    );
    const firstNumber = numbered.data!.request.number;
    // A purposes notice complied with whole, or holding the category back without the exemption
    // (its letter would name it as declined), would tell the person what the exemption hid.
    const notice = await ready('PURPOSE_NOTICE', p.subjectId);
    for (const input of [
      { outcome: 'COMPLY' },
      { outcome: 'PARTIAL', grounds: HARM, withheld: { categoryCodes: ['APPLICANT'] } },
    ]) {
      const refused = await run(M.decide, { id: notice.id, input });
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toContain(firstNumber);
      expect(refused.errors?.[0]?.message).toContain('APPLICANT');
      // Items name no purpose: a purposes notice need not hold the health check back.
      expect(refused.errors?.[0]?.message).not.toContain('healthCheckResults');
    }
    expect((await ok(M.get, { id: notice.id })).decision).toBeNull();
    await ok(M.decide, {
      id: notice.id,
      input: { ...exempt, withheld: { categoryCodes: ['APPLICANT'] } },
    });
    expect((await ok(M.execute, { id: notice.id })).execution).toMatchObject({
      categoryCodes: ['EMPLOYEE'],
    });
    const letter = await binary(`/requests/${notice.id}/letters/response.pdf?lang=ja`);
    const text = (await pdfToText(letter.body)).replace(/\s+/g, '');
    expect(text).toContain('従業員');
    expect(text).not.toContain('採用応募者');
    expect(text).not.toContain('応じられない部分');
    // A second disclosure must hold the item back too; lifted on the record, it answers whole.
    const second = await ready('DISCLOSURE', p.subjectId, { disclosureMethod: 'WRITTEN' });
    const short = await run(M.decide, {
      id: second.id,
      input: { ...exempt, withheld: { categoryCodes: ['APPLICANT'] } },
    });
    expect(short.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(short.errors?.[0]?.message).toContain('EMPLOYEE.healthCheckResults');
    expect(short.errors?.[0]?.message).not.toContain('categories APPLICANT');
    await ok(M.decide, {
      id: second.id,
      input: { outcome: 'COMPLY', liftEarlierExemptions: true },
    });
    await t.sealLedger();
    const [lifted] = await t.ledgerRows(`action = 'REQUEST_DECIDED' AND target_id = $1`, [
      second.id,
    ]);
    // Both exemptions on the person are lifted: the disclosure's and the purposes notice's.
    const liftedOf = (lifted?.details as { liftedExemptionsOf?: string[] }).liftedExemptionsOf;
    expect(liftedOf).toHaveLength(2);
    expect(liftedOf).toContain(firstNumber);
    const [refusedNone] = await t.ledgerRows(
      `action = 'REQUEST_DECIDED' AND target_id = $1 AND details ? 'liftedExemptionsOf'`,
      [notice.id],
    );
    expect(refusedNone).toBeUndefined();
    // Once lifted, the person's next answer is bound by it no more.
    const third = await ready('PURPOSE_NOTICE', p.subjectId);
    await ok(M.decide, { id: third.id, input: { outcome: 'COMPLY' } });
    // A refusal under an exemption keeps everything: a later answer refuses too, or lifts it.
    const q = await person('除外 全部');
    const refusedAll = await ready('DISCLOSURE', q.subjectId, { disclosureMethod: 'WRITTEN' });
    await ok(M.decide, {
      id: refusedAll.id,
      input: {
        outcome: 'REFUSE',
        grounds: ['NOT_DISCLOSURE_TARGET'],
        exemption: 'CRIME_PREVENTION',
      },
    });
    const after = await ready('PURPOSE_NOTICE', q.subjectId);
    const all = await run(M.decide, {
      id: after.id,
      input: { ...exempt, withheld: { categoryCodes: ['APPLICANT'] } },
    });
    expect(all.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(all.errors?.[0]?.message).toContain('kept all of this person');
    await ok(M.decide, { id: after.id, input: { outcome: 'COMPLY', liftEarlierExemptions: true } });
  });

  it('erases all but the categories an ERASE decision keeps, and fixes the measure at the decision', async () => {
    const p = await person('部分 消去');
    const r = await ready('SUSPENSION_OR_ERASURE', p.subjectId);
    const partial = {
      outcome: 'PARTIAL',
      grounds: HARM,
      withheld: { categoryCodes: ['EMPLOYEE'] },
    };
    const refused = await run(M.decide, {
      id: r.id,
      input: { ...partial, measure: 'SUSPEND_USE' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('needs ERASE');
    expect((await run(M.decide, { id: r.id, input: partial })).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    await ok(M.decide, { id: r.id, input: { ...partial, measure: 'ERASE' } });
    // The execution carries out the decided measure, not another.
    const other = await run(M.execute, { id: r.id, input: { measure: 'SUSPEND_USE' } });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.errors?.[0]?.message).toContain('decided with ERASE');
    const done = await ok(M.execute, { id: r.id });
    expect(done.execution).toMatchObject({
      records: 1,
      categoryCodes: ['APPLICANT'],
      measures: ['ERASED'],
    });
    const rows = await t.dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM personal_records WHERE subject_id = $1 ORDER BY category_code`,
      [p.subjectId],
    );
    expect(rows).toEqual([
      { id: p.applicant, status: 'DISPOSED' },
      { id: p.employee, status: 'ACTIVE' },
    ]);
    const [subject] = await t.dataSource.query<{ erased_at: Date | null }[]>(
      `SELECT erased_at FROM data_subjects WHERE id = $1`,
      [p.subjectId],
    );
    expect(subject!.erased_at).toBeNull();
  });

  it('corrects only what the decision did not decline', async () => {
    const p = await person('部分 訂正');
    const r = await ready('CORRECTION', p.subjectId);
    await ok(M.decide, {
      id: r.id,
      input: {
        outcome: 'PARTIAL',
        grounds: HARM,
        withheld: {
          categoryCodes: ['APPLICANT'],
          items: [{ categoryCode: 'EMPLOYEE', itemKey: 'address' }],
        },
      },
    });
    const correct = (recordId: string, key: string) =>
      run(M.execute, {
        id: r.id,
        input: { corrections: [{ recordId, values: [{ key, value: '大阪府大阪市1-1' }] }] },
      });
    const declinedItem = await correct(p.employee, 'address');
    expect(declinedItem.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(declinedItem.errors?.[0]?.message).toContain('declined to correct');
    const declinedCategory = await correct(p.applicant, 'name');
    expect(declinedCategory.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ok(M.get, { id: r.id })).status).toBe('DECIDED');
    expect(await t.ledgerRows(`action = 'UPDATE' AND subject_id = $1`, [p.subjectId])).toHaveLength(
      0,
    );
    const done = await run(M.execute, {
      id: r.id,
      input: {
        corrections: [{ recordId: p.employee, values: [{ key: 'name', value: '部分 訂正済' }] }],
      },
    });
    expect(done.errors).toBeUndefined();
  });

  it('refuses a part that does not fit, naming the field and never the text, and writes nothing', async () => {
    const p = await person('不適 決定');
    const disclosure = await ready('DISCLOSURE', p.subjectId, { disclosureMethod: 'WRITTEN' });
    const notice = await ready('PURPOSE_NOTICE', p.subjectId);
    const stop = await ready('STOP_PROVISION', p.subjectId);
    const cases: [string, Record<string, unknown>, string][] = [
      [disclosure.id, { outcome: 'PARTIAL', grounds: HARM }, 'names the part'],
      [
        disclosure.id,
        { outcome: 'PARTIAL', grounds: HARM, withheld: { categoryCodes: [], items: [] } },
        'names the part',
      ],
      [disclosure.id, { outcome: 'COMPLY', withheld: { categoryCodes: ['APPLICANT'] } }, 'PARTIAL'],
      [
        disclosure.id,
        { outcome: 'PARTIAL', grounds: HARM, withheld: { categoryCodes: ['NO_SUCH_CATEGORY'] } },
        'categoryCodes[0] is not a category',
      ],
      [
        disclosure.id,
        {
          outcome: 'PARTIAL',
          grounds: HARM,
          withheld: { items: [{ categoryCode: 'APPLICANT', itemKey: 'bankAccount' }] },
        },
        'items[0] is not an item',
      ],
      [
        disclosure.id,
        {
          outcome: 'PARTIAL',
          grounds: HARM,
          withheld: {
            categoryCodes: ['EMPLOYEE'],
            items: [{ categoryCode: 'EMPLOYEE', itemKey: 'address' }],
          },
        },
        'already held back whole',
      ],
      [
        disclosure.id,
        {
          outcome: 'PARTIAL',
          grounds: HARM,
          measure: 'ERASE',
          withheld: { categoryCodes: ['EMPLOYEE'] },
        },
        'measure is for a SUSPENSION_OR_ERASURE',
      ],
      [
        notice.id,
        {
          outcome: 'PARTIAL',
          grounds: HARM,
          withheld: { items: [{ categoryCode: 'EMPLOYEE', itemKey: 'address' }] },
        },
        'whole categories',
      ],
      [
        stop.id,
        { outcome: 'PARTIAL', grounds: HARM, withheld: { categoryCodes: ['EMPLOYEE'] } },
        'as a whole',
      ],
    ];
    for (const [id, input, message] of cases) {
      const answer = await run(M.decide, { id, input });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toContain(message);
      expect(answer.errors?.[0]?.message).not.toContain('NO_SUCH_CATEGORY');
    }
    // A code that is not one at all is refused at the edge.
    const malformed = await run(M.decide, {
      id: disclosure.id,
      input: {
        outcome: 'PARTIAL',
        grounds: HARM,
        withheld: { categoryCodes: ['drop table\u0000'] },
      },
    });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0]?.message).not.toContain('drop table');
    for (const r of [disclosure, notice, stop]) {
      expect((await ok(M.get, { id: r.id })).decision).toBeNull();
    }
    await t.sealLedger();
    expect(
      await t.ledgerRows(`action = 'REQUEST_DECIDED' AND target_id = ANY($1::text[])`, [
        [disclosure.id, notice.id, stop.id],
      ]),
    ).toHaveLength(0);
  });
});
