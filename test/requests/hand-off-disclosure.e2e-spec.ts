import { pdfToText } from '@daicho/documents';
import { tarFiles } from '../harness/tar-files';
import { readyRequest } from './ready-request';
import { Role } from '../harness/test-app';
import {
  LABOUR_OFFICE,
  provisionsFixture,
  RECORD_PROVISION,
  TODAY,
} from '../provisions/provisions-fixture';

const FIELDS = `id status execution { persons records categoryCodes measures }`;
const M = {
  decide: `mutation($id: ID!, $input: DecideRequestInput!) { decideRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  execute: `mutation($id: ID!, $input: ExecuteRequestInput) { executeRequest(requestId: $id, input: $input) { ${FIELDS} } }`,
  decideProvision: `mutation($input: DecideProvisionInput!) { decideProvision(input: $input) { status } }`,
  create: `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`,
  read: `query($id: ID!, $p: String!) { record(id: $id, purpose: $p) { id } }`,
};
interface Req {
  id: string;
  status: string;
  execution: { persons: number; records: number; categoryCodes: string[]; measures: string[] };
}

/**
 * What a person is told of hand-offs and of data that is not the company's (APPI art. 33(5),
 * Enforcement Order art. 11, policy §5): provision records answer the consent route only, and a
 * disclosure's accesses leave out exception-route hand-offs and a client's entrusted data.
 */
describe('requests: exception-route hand-offs and entrusted data stay out of the answer', () => {
  const f = provisionsFixture();
  let inspected: string;
  let inspection: string;
  let pendingInspection: string;

  const run = (query: string, variables: Record<string, unknown>, role = Role.CPO) =>
    f.gql<Record<string, Req>>(role, query, variables);
  const ok = async (query: string, variables: Record<string, unknown>, role = Role.CPO) => {
    const answer = await run(query, variables, role);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0]!;
  };
  /** A request received, checked, paid, matched, complied with and carried out. */
  const carriedOut = async (
    kind: string,
    subjectId: string,
    extra: Record<string, unknown> = {},
  ) => {
    const id = await readyRequest((q, v) => f.gql(Role.CPO, q, v), kind, subjectId, extra);
    await ok(M.decide, { id, input: { outcome: 'COMPLY' } });
    return ok(M.execute, { id });
  };
  const download = (path: string) => f.t.download(path, f.as(Role.CPO));
  /** The disclosure.json of an electronic disclosure package. */
  const disclosureJson = async (requestId: string) => {
    const res = await download(`/requests/${requestId}/disclosure-package.tar?lang=ja`);
    expect(res.status).toBe(200);
    const files = await tarFiles(res.body);
    return JSON.parse(files.get('disclosure.json')!.toString('utf8')) as {
      accesses: { seq: number; action: string }[];
    };
  };
  const seqsOf = async (where: string, params: unknown[]) => {
    await f.t.sealLedger();
    return (await f.t.ledgerRows(where, params)).map((e) => Number(e.seq));
  };

  beforeAll(async () => {
    inspected = f.employees[0]!;
    const officeId = await f.labourInspection();
    const inspect = async () => {
      const res = await f.gql<{ recordProvision: { id: string } }>(Role.HR, RECORD_PROVISION, {
        input: {
          ruleCode: 'EMPLOYEE_LABOUR_INSPECTION',
          partyId: officeId,
          items: ['name', 'department'],
          handOff: { subjectIds: [inspected], handedOn: TODAY, method: 'POST' },
        },
      });
      expect(res.errors).toBeUndefined();
      return res.data!.recordProvision.id;
    };
    inspection = await inspect();
    expect(
      await ok(M.decideProvision, {
        input: { provisionId: inspection, decision: 'APPROVED', note: 'art. 101 inspection' },
      }),
    ).toMatchObject({ status: 'APPROVED' });
    pendingInspection = await inspect();
    // And the consent-route hand-off the person agreed to.
    expect((await f.gql(Role.HR, RECORD_PROVISION, f.badge([inspected]))).errors).toBeUndefined();
  });

  it('answers provision records with the consent-route records only (art. 33(5))', async () => {
    const r = await carriedOut('PROVISION_RECORDS', inspected);
    expect(r.execution).toMatchObject({ records: 1 });
    const letter = await download(`/requests/${r.id}/letters/response.pdf?lang=ja`);
    const text = (await pdfToText(letter.body)).replace(/\s+/g, '');
    expect(text).toContain('株式会社サンプルシステムズ');
    expect(text).not.toContain(LABOUR_OFFICE);
  });

  it('lists no exception-route hand-off among a disclosure’s accesses', async () => {
    const inspectionSeqs = await seqsOf(`action = 'PROVIDE' AND target_id = ANY($1::text[])`, [
      [inspection, pendingInspection],
    ]);
    expect(inspectionSeqs.length).toBeGreaterThan(0); // the approved one was handed over
    const consentSeqs = await seqsOf(
      `action = 'PROVIDE' AND subject_id = $1 AND NOT target_id = ANY($2::text[])`,
      [inspected, [inspection, pendingInspection]],
    );
    expect(consentSeqs.length).toBeGreaterThan(0);
    // The CPO looks at the person's footprint: its READ entry counts every hand-off, the
    // inspections included, so it is not listed either (the package carries listed entries whole).
    const footprint = await f.gql(
      Role.CPO,
      `query($id: ID!) { subjectFootprint(subjectId: $id) { handOffs { kind } } }`,
      { id: inspected },
    );
    expect(footprint.errors).toBeUndefined();
    const footprintSeqs = await seqsOf(
      `action = 'READ' AND target_type = 'SubjectFootprint' AND subject_id = $1`,
      [inspected],
    );
    expect(footprintSeqs.length).toBeGreaterThan(0);
    const r = await carriedOut('DISCLOSURE', inspected, { disclosureMethod: 'ELECTRONIC' });
    const listed = (await disclosureJson(r.id)).accesses.map((a) => a.seq);
    expect(listed.filter((s) => inspectionSeqs.includes(s))).toEqual([]);
    expect(listed.filter((s) => footprintSeqs.includes(s))).toEqual([]);
    expect(listed).toEqual(expect.arrayContaining(consentSeqs));
  });

  it("lists no access to a client's entrusted data", async () => {
    const support = (await f.t.loginAs(Role.SUPPORT)).token;
    const entrusted = await f.t.gql<{ createRecord: { id: string; subjectId: string } }>(
      M.create,
      {
        input: {
          categoryCode: 'ENTRUSTED_SYSDEV',
          collectedAt: '2026-05-01T00:00:00Z',
          source: 'client test data',
          values: [{ key: 'name', value: '委託 花子' }],
        },
      },
      support,
    );
    expect(entrusted.errors).toBeUndefined();
    const { id, subjectId } = entrusted.data!.createRecord;
    const [purpose] = await f.t.dataSource.query<{ code: string }[]>(
      `SELECT unnest(purpose_codes) AS code FROM data_categories WHERE code = 'ENTRUSTED_SYSDEV' LIMIT 1`,
    );
    expect((await f.t.gql(M.read, { id, p: purpose!.code }, support)).errors).toBeUndefined();
    const entrustedSeqs = await seqsOf(`target_id = $1 AND action = 'READ'`, [id]);
    expect(entrustedSeqs.length).toBeGreaterThan(0);
    const r = await carriedOut('DISCLOSURE', subjectId, { disclosureMethod: 'ELECTRONIC' });
    expect(r.execution).toMatchObject({ records: 0 });
    const listed = (await disclosureJson(r.id)).accesses.map((a) => a.seq);
    expect(listed.filter((s) => entrustedSeqs.includes(s))).toEqual([]);
  });
});
