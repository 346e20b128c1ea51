import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { pdfToText } from '@daicho/documents';
import ExcelJS from 'exceljs';
import { Role } from '../harness/test-app';
import {
  BADGE_ITEMS,
  IN_THREE_YEARS,
  type Provision,
  RECORD_PROVISION,
  TODAY,
  TOMORROW,
  provisionsFixture,
} from './provisions-fixture';

/** provision records: the standing rule, the badge hand-off (APPI art. 29 record, PROVIDE entries, footprints), every refusal writing nothing. */
describe('provisions: records and refusals (APPI arts. 27–29)', () => {
  const f = provisionsFixture();
  const { as, gql, counts, consent, badge, employees } = f;

  it('loads the policy’s standing rule with the catalog', async () => {
    const rules = await gql<{
      provisionRules: {
        edges: {
          node: {
            code: string;
            route: string;
            items: string[];
            methods: string[];
            recipientCode: string;
          };
        }[];
      };
    }>(Role.HR, `{ provisionRules { edges { node { code route items methods recipientCode } } } }`);
    expect(rules.data?.provisionRules.edges.map((e) => e.node)).toEqual([
      {
        code: 'EMPLOYEE_ENTRANCE_APPROVAL',
        route: 'CONSENT',
        items: ['name', 'department', 'position', 'phone', 'email', 'faceImage', 'qualifications'],
        methods: ['HAND_DELIVERY'],
        recipientCode: 'CLIENT_SYSTEM_COMPANY',
      },
    ]);
  });

  it('records the badge hand-off of three employees: three PROVIDE entries, the art. 29 record, each footprint', async () => {
    const res = await f.t.http
      .post('/graphql')
      .set('authorization', `Bearer ${as(Role.HR)}`)
      .send({ query: RECORD_PROVISION, variables: badge(employees.slice(0, 3)) });
    const requestId = res.headers['x-request-id']; // the server's
    const body = res.body as { data?: { recordProvision: Provision }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const provision = body.data!.recordProvision;
    expect(provision).toMatchObject({
      route: 'CONSENT',
      status: 'RECORDED',
      art29Required: true,
      retainUntil: IN_THREE_YEARS,
      items: BADGE_ITEMS,
      recipient: {
        name: '株式会社サンプルシステムズ',
        address: '東京都港区芝公園1-1-1',
        representative: '代表取締役 佐藤 一郎',
        country: 'JP',
        abroad: false,
      },
    });
    expect(provision.handOffs).toHaveLength(1);
    expect(provision.handOffs[0]).toMatchObject({ handedOn: TODAY, method: 'HAND_DELIVERY' });
    expect([...provision.handOffs[0]!.subjectIds].sort()).toEqual(employees.slice(0, 3).sort());

    await f.t.sealLedger();
    // Three PROVIDE entries, and the record returned to the caller is a READ of it.
    const written = await f.t.ledgerRows('request_id = $1', [requestId]);
    expect(written.map((e) => e.action)).toEqual(['PROVIDE', 'PROVIDE', 'PROVIDE', 'READ']);
    const entries = written.filter((e) => e.action === 'PROVIDE');
    expect(entries.map((e) => e.subject_id).sort()).toEqual(employees.slice(0, 3).sort());
    for (const e of entries) {
      expect(e).toMatchObject({
        target_id: provision.id,
        category_code: 'EMPLOYEE',
        actor_role: 'HR',
        fields: BADGE_ITEMS,
      });
    }
    expect(JSON.stringify(entries)).not.toContain('社員');

    // The art. 29 record: XLSX and CSV parse back with the hand-off and its three persons.
    const xlsx = await f.t.http
      .get(`/exports/provisions.xlsx?from=${TODAY}&to=${TODAY}&lang=en`)
      .set('authorization', `Bearer ${as(Role.AUDITOR)}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.getWorksheet('Provisions (art. 29)')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const rows = sheet
      .getSheetValues()
      .slice(2)
      .map((r) => Object.fromEntries(header.map((h, i) => [h, (r as unknown[])[i + 1]])));
    const row = rows.find((r) => r['Record id'] === provision.id)!;
    expect(row).toMatchObject({
      'Date provided': TODAY,
      Recipient: '株式会社サンプルシステムズ',
      Address: '東京都港区芝公園1-1-1',
      Representative: '代表取締役 佐藤 一郎',
      "Person's consent": 'yes',
      Persons: 3,
      'Items provided': 'Name, Department, Position, Telephone number, Face image, Qualifications',
      Method: 'Hand delivery',
    });
    expect(String(row['Persons (pseudonymous ids)']).split('\n').sort()).toEqual(
      employees.slice(0, 3).sort(),
    );
    const csv = await f.t.http
      .get(`/exports/provisions.csv?lang=ja`)
      .set('authorization', `Bearer ${as(Role.CPO)}`);
    expect(csv.status).toBe(200);
    const parsed = parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), {
      columns: true,
    });
    expect(parsed.find((r) => r['記録ID'] === provision.id)).toMatchObject({
      提供年月日: TODAY,
      人数: '3',
      本人の同意: 'あり',
    });

    // Each person's footprint shows the hand-off; their own record request shows only them.
    for (const subjectId of employees.slice(0, 3)) {
      const footprint = await gql<{
        subjectFootprint: {
          handOffs: { kind: string; recordId: string; counterpart: string; status: string }[];
        };
      }>(
        Role.CPO,
        `query($id: ID!) { subjectFootprint(subjectId: $id) { handOffs { kind recordId counterpart status } } }`,
        { id: subjectId },
      );
      expect(footprint.data?.subjectFootprint.handOffs).toEqual([
        {
          kind: 'PROVISION',
          recordId: provision.id,
          counterpart: '株式会社サンプルシステムズ',
          status: 'RECORDED',
        },
      ]);
    }
    const own = await gql<{
      provisionRecordsForSubject: { provisions: { handOffs: { subjectIds: string[] }[] }[] };
    }>(
      Role.CPO,
      `query($id: ID!) { provisionRecordsForSubject(subjectId: $id) { provisions { handOffs { subjectIds } } receipts { id } } }`,
      { id: employees[0] },
    );
    expect(own.data?.provisionRecordsForSubject.provisions[0]?.handOffs).toEqual([
      { subjectIds: [employees[0]] },
    ]);
  });

  it('prints the records of a period as a PDF with its checkpoint, each person it names an EXPORT', async () => {
    const res = await f.t.download(
      `/reports/provisions.pdf?from=${TODAY}&to=${TODAY}&lang=ja`,
      as(Role.AUDITOR),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    mkdirSync(join(__dirname, '..', '..', 'test-output', 'reports'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', 'test-output', 'reports', 'provisions-ja.pdf'),
      res.body,
    );
    const text = (await pdfToText(res.body, { layout: false })).replace(/\s+/g, ' ');
    expect(text).toContain('第三者提供の記録（法第29条）');
    expect(text).toContain('株式会社サンプルシステムズ');
    expect(text).toContain('提供年月日');
    expect(text).toContain('手渡し');
    // Persons by their pseudonymous ids, each of the three.
    for (const id of employees.slice(0, 3)) expect(text.replace(/ /g, '')).toContain(id);
    await f.t.sealLedger();
    const written = await f.t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'ProvisionExport' AND details->>'format' = 'pdf'`,
    );
    const file = written.find((e) => !e.subject_id)!;
    const details = file.details as { rootHash: string; sha256: string; handOffs: number };
    expect(text).toContain(details.rootHash);
    expect(details.sha256).toBe(createHash('sha256').update(res.body).digest('hex'));
    expect(details.handOffs).toBeGreaterThanOrEqual(1);
    expect(written.filter((e) => e.subject_id).map((e) => e.subject_id)).toEqual(
      expect.arrayContaining(employees.slice(0, 3)),
    );

    // An empty period says so; the department may not; bad bounds are named, nothing written.
    const empty = await f.t.download(
      '/reports/provisions.pdf?from=2020-01-01&to=2020-01-31&lang=en',
      as(Role.CPO),
    );
    expect(empty.status).toBe(200);
    expect((await pdfToText(empty.body, { layout: false })).replace(/\s+/g, ' ')).toContain(
      'No provision was recorded in this period.',
    );
    const entries = async () =>
      (
        await f.t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ledger_entries`)
      )[0]!.n;
    const before = await entries();
    const refused = await f.t.http
      .get('/reports/provisions.pdf')
      .set('authorization', `Bearer ${as(Role.HR)}`);
    expect(refused.status).toBe(403);
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=2026-12-01&to=2026-11-01', 'to'],
      ['to=20261201', 'to'],
      ['lang=fr', 'lang'],
    ]) {
      const bad = await f.t.http
        .get(`/reports/provisions.pdf?${query}`)
        .set('authorization', `Bearer ${as(Role.AUDITOR)}`);
      expect([query, bad.status]).toEqual([query, 400]);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    const after = await entries();
    // Only the refusal's DENIED entry is new.
    expect(after - before).toBe(1);
  });

  it('refuses every hand-off outside the rule, the consent or the role, and writes nothing', async () => {
    const before = await counts();
    const cases: [string, Role, Record<string, unknown>, string][] = [
      [
        'an item outside the rule',
        Role.HR,
        badge(employees.slice(0, 1), { items: ['name', 'myNumber'] }),
        'BAD_USER_INPUT',
      ],
      ['a subject the rule does not cover', Role.HR, badge([f.applicant]), 'BAD_USER_INPUT'],
      ['a subject without consent', Role.HR, badge([employees[0], employees[3]]), 'BAD_USER_INPUT'],
      [
        'a method the rule does not allow',
        Role.HR,
        badge(employees.slice(0, 1), {}, { method: 'EMAIL' }),
        'BAD_USER_INPUT',
      ],
      [
        'a hand-off in the future',
        Role.HR,
        badge(employees.slice(0, 1), {}, { handedOn: TOMORROW }),
        'BAD_USER_INPUT',
      ],
      [
        'a contractor as recipient',
        Role.HR,
        badge(employees.slice(0, 1), { partyId: f.contractor }),
        'BAD_USER_INPUT',
      ],
      ['the same subject twice', Role.HR, badge([employees[0], employees[0]]), 'BAD_USER_INPUT'],
      [
        'a role that may not provide employees',
        Role.SALES,
        badge(employees.slice(0, 1)),
        'FORBIDDEN',
      ],
      ['the auditor', Role.AUDITOR, badge(employees.slice(0, 1)), 'FORBIDDEN'],
    ];
    for (const [what, r, variables, code] of cases) {
      const res = await gql(r, RECORD_PROVISION, variables);
      expect({ what, code: res.errors?.[0]?.extensions?.code }).toEqual({ what, code });
      expect(res.errors?.[0]?.message).not.toMatch(/社員|03-1234/);
    }
    expect(await counts()).toEqual(before);
    await f.t.sealLedger();
    const denied = await f.t.ledgerRows(
      `action = 'DENIED' AND actor_role = 'SALES' AND details->>'operation' = 'create Provision'`,
    );
    expect(denied).toHaveLength(1);

    // A withdrawn consent no longer carries a hand-off.
    const list = await gql<{ consents: { edges: { node: { id: string } }[] } }>(
      Role.HR,
      `query($s: ID!) { consents(subjectId: $s) { edges { node { id } } } }`,
      { s: employees[2] },
    );
    await f.t.sealLedger();
    expect(
      await f.t.ledgerRows(`action = 'READ' AND target_type = 'Consent' AND subject_id = $1`, [
        employees[2],
      ]),
    ).toHaveLength(1);
    const withdrawn = await gql(
      Role.HR,
      `mutation($id: ID!, $at: DateTime!) { withdrawConsent(id: $id, withdrawnAt: $at) { withdrawnAt } }`,
      {
        id: list.data!.consents.edges[0]!.node.id,
        at: new Date().toISOString(),
      },
    );
    expect(withdrawn.errors).toBeUndefined();
    const after = await gql(Role.HR, RECORD_PROVISION, badge([employees[2]]));
    expect(after.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(after.errors?.[0]?.message).toContain('has no consent to EMPLOYEE_ENTRANCE_APPROVAL');
    expect((await consent(employees[2]!)).errors).toBeUndefined(); // consents again
    expect((await consent(employees[2]!)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
