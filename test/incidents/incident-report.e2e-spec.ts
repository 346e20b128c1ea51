import { createHash } from 'node:crypto';
import { pdfToText } from '@daicho/documents';
import { Role, TestApp } from '../harness/test-app';

const DRAFT = `incidentId number overview items persons cause secondaryDamage responseToPersons
  publication prevention other version saved editedAt`;
const GET_DRAFT = `query($id: ID!) { incidentReportDraft(incidentId: $id) { ${DRAFT} } }`;
const SAVE_DRAFT = `mutation($id: ID!, $input: IncidentReportDraftInput!) { saveIncidentReportDraft(incidentId: $id, input: $input) { ${DRAFT} } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id number } }`;
const ADD = `mutation($id: ID!, $input: AffectedRecordsInput!) { addAffectedRecords(incidentId: $id, input: $input) { persons } }`;
const CREATE = `mutation($input: CreateRecordInput!) { createRecord(input: $input) { id subjectId } }`;

interface Draft {
  incidentId: string;
  number: string;
  overview: string;
  items: string;
  persons: number;
  cause: string;
  secondaryDamage: string;
  responseToPersons: string;
  publication: string;
  prevention: string;
  other: string;
  version: number;
  saved: boolean;
  editedAt: string | null;
}

const INCIDENT = {
  title: '給与振込口座一覧の誤送信（山田さん宛）',
  discoveredAt: '2026-11-30T10:00:00+09:00',
  awareAt: '2026-11-30T11:00:00+09:00',
  kind: 'LEAKAGE',
  cause: 'MISDELIVERY',
  wrongfulPurpose: false,
  description: '山田 花子さんが給与振込口座の一覧を社外の取引先にメール送信した',
  categoryCodes: ['EMPLOYEE'],
  systemCodes: [],
};

/** What the CPO writes: no one's name (the notice is made from it). */
const EDITED = {
  overview: '2026年11月30日、従業員の給与振込口座の一覧を取引先1社に誤ってメール送信した。',
  items: '従業員：氏名、社員番号、給与振込口座',
  persons: 3,
  cause: '宛先の自動補完による誤送信。送信前の確認が行われなかった。',
  secondaryDamage: '現時点で二次被害は確認されていない。',
  responseToPersons: '対象の従業員3名に個別に連絡した。',
  publication: '公表の予定はない。',
  prevention: '社外宛メールの送信保留と上長確認を導入する。',
  other: '送信先の取引先からメール削除の報告を受けた。',
};

const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Without the spaces and line breaks a layout puts in a wrapped cell. */
const flat = (text: string) => text.replace(/\s+/g, '');
/** A PDF's text in reading order (a wrapped label stays together), flattened. */
const textOf = async (pdf: Buffer) => flat(await pdfToText(pdf, { layout: false }));

/**
 * The report to the PPC (PPC Rule 8) and the notice to the persons (APPI art. 26(2)) over GraphQL
 * and HTTP: the draft prefilled from the incident and its scope, edited and sealed with a version
 * check, downloaded as PDF and JSON carrying the ledger checkpoint, each download an EXPORT entry
 * with the file's digest; the CPO's alone.
 */
describe('incident report (PPC Rule 8) and the notice to the persons', () => {
  let t: TestApp;
  let cpo: string;
  let hr: string;
  let auditor: string;
  let incidentId: string;
  let number: string;

  const gql = async <T>(query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await t.gql<Record<string, T>>(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data ?? {})[0];
  };
  const codeOf = async (query: string, variables: Record<string, unknown>, token = cpo) =>
    (await t.gql(query, variables, token)).errors?.[0]?.extensions?.code;
  const download = (path: string, token: string) =>
    t.http
      .get(path)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  /** The root of the signed checkpoint of `size` entries, in hex. */
  const rootAt = async (size: number) => {
    const [row] = await t.dataSource.query<{ root: Buffer }[]>(
      'SELECT root FROM ledger_checkpoints WHERE tree_size = $1',
      [size],
    );
    return row?.root.toString('hex');
  };
  /** The EXPORT entry of the last download of a kind of document. */
  const lastExport = async (targetType: string) => {
    await t.sealLedger();
    const rows = await t.ledgerRows(`action = 'EXPORT' AND target_type = $1 AND target_id = $2`, [
      targetType,
      incidentId,
    ]);
    return rows.at(-1) as { details: Record<string, unknown>; actor_role: string } | undefined;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    hr = (await t.loginAs(Role.HR)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    const recordIds: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const created = await gql<{ id: string }>(
        CREATE,
        {
          input: {
            categoryCode: 'EMPLOYEE',
            collectedAt: '2026-04-01T00:00:00Z',
            source: 'hiring documents',
            consentRef: 'employment contract',
            values: [
              { key: 'name', value: `社員 ${n}` },
              { key: 'employeeNumber', value: `E-7${n}` },
              { key: 'bankAccount', value: `三井住友銀行 本店 普通 ${n}` },
            ],
          },
        },
        hr,
      );
      recordIds.push(created!.id);
    }
    const incident = await gql<{ id: string; number: string }>(REPORT, { input: INCIDENT });
    incidentId = incident!.id;
    number = incident!.number;
    await gql(ADD, { id: incidentId, input: { recordIds } });
    await t.sealLedger();
  });
  afterAll(() => t.close());

  it('prefills the draft from the incident and its scope until the CPO saves one; each look is a READ', async () => {
    const draft = await gql<Draft>(GET_DRAFT, { id: incidentId });
    expect(draft).toMatchObject({
      incidentId,
      number,
      persons: 3,
      // The scope's items, named by the catalog in its own order.
      items: '従業員：氏名、社員番号、給与振込口座',
      secondaryDamage: '',
      responseToPersons: '',
      publication: '',
      prevention: '',
      other: '',
      version: 0,
      saved: false,
      editedAt: null,
    });
    expect(draft!.overview).toContain('2026年11月30日（月） 11:00:00（日本時間）');
    expect(draft!.overview).toContain('誤送付・誤送信');
    expect(draft!.overview).toContain(INCIDENT.title);
    expect(draft!.cause).toBe(`誤送付・誤送信\n${INCIDENT.description}`);
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'IncidentReportDraft' AND target_id = $1`,
      [incidentId],
    );
    expect(looks).toHaveLength(1);
    expect(looks[0]).toMatchObject({ actor_role: 'CPO', details: { version: 0, saved: false } });
    expect(looks[0]?.fields).toContain('prevention');
  });

  it('saves an edited draft sealed, refuses a stale version, and records which items changed', async () => {
    const first = await gql<Draft>(SAVE_DRAFT, { id: incidentId, input: EDITED });
    expect(first).toMatchObject({ ...EDITED, version: 1, saved: true });
    expect(first!.editedAt).not.toBeNull();
    const [row] = await t.dataSource.query<{ sealed_draft: Buffer; version: number }[]>(
      `SELECT sealed_draft, version FROM incident_report_drafts WHERE incident_id = $1`,
      [incidentId],
    );
    expect(row?.version).toBe(1);
    for (const text of ['給与振込口座', '従業員', '送信保留', '二次被害'])
      expect(row?.sealed_draft.includes(Buffer.from(text))).toBe(false);
    expect(await gql<Draft>(GET_DRAFT, { id: incidentId })).toMatchObject({
      ...EDITED,
      version: 1,
    });

    // An edit made from the prefilled draft (or sent without its version) comes too late.
    const stale = { ...EDITED, prevention: '別の案' };
    expect(await codeOf(SAVE_DRAFT, { id: incidentId, input: { ...stale, version: 0 } })).toBe(
      'CONFLICT',
    );
    expect(await codeOf(SAVE_DRAFT, { id: incidentId, input: stale })).toBe('CONFLICT');
    const second = await gql<Draft>(SAVE_DRAFT, {
      id: incidentId,
      input: { ...EDITED, publication: '当社ウェブサイトで公表した。', version: 1 },
    });
    expect(second).toMatchObject({ version: 2, publication: '当社ウェブサイトで公表した。' });
    expect(await codeOf(SAVE_DRAFT, { id: incidentId, input: { ...EDITED, version: 1 } })).toBe(
      'CONFLICT',
    );
    expect(await gql<Draft>(GET_DRAFT, { id: incidentId })).toMatchObject({
      version: 2,
      prevention: EDITED.prevention,
    });

    await t.sealLedger();
    const saves = await t.ledgerRows(`action = 'INCIDENT_REPORT_DRAFTED' AND target_id = $1`, [
      incidentId,
    ]);
    expect(saves.map((s) => s.details)).toEqual([
      expect.objectContaining({
        number,
        version: 1,
        persons: 3,
        changed: [
          'overview',
          'cause',
          'secondaryDamage',
          'responseToPersons',
          'publication',
          'prevention',
          'other',
        ],
      }),
      expect.objectContaining({ version: 2, changed: ['publication'] }),
    ]);
    // The ledger holds codes and counts: no text of the draft or the incident.
    const all = JSON.stringify(await t.ledgerRows(`target_id = $1`, [incidentId]));
    for (const text of ['給与振込口座', '送信保留', 'ウェブサイト', '山田'])
      expect(all).not.toContain(text);
  });

  it('prints the report in Japanese with the nine items, the dates, the persons and the checkpoint root', async () => {
    const res = await download(
      `/incidents/${incidentId}/report.pdf?lang=ja&stage=PRELIMINARY`,
      cpo,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${number}-report-preliminary-ja.pdf"`,
    );
    const body = res.body as Buffer;
    const text = await textOf(body);
    for (const expected of [
      '個人データの漏えい等の報告（速報）',
      '個人情報保護委員会御中',
      number,
      '2026年11月30日（月）11:00:00', // awareness
      '2026年12月2日（水）', // preliminaryDueOn (the day of awareness is day 1)
      '2026年12月29日（火）', // finalDueOn, then the next business day after the year-end
      '2027年1月4日（月）',
      '3名',
      '財産的被害が生じるおそれ', // Rule 7(ii): the bank accounts
      '概要',
      '再発防止のための措置',
      flat(EDITED.prevention),
      '当社ウェブサイトで公表した。',
      '第2版',
    ])
      expect(text).toContain(expected);
    const entry = await lastExport('IncidentReport');
    expect(entry).toMatchObject({
      actor_role: 'CPO',
      details: {
        number,
        format: 'pdf',
        stage: 'PRELIMINARY',
        lang: 'ja',
        draftVersion: 2,
        sha256: sha256Hex(body),
      },
    });
    const { treeSize, rootHash } = entry?.details as { treeSize: number; rootHash: string };
    expect(await rootAt(treeSize)).toBe(rootHash);
    expect(text).toContain(rootHash);
    expect(text).toContain(treeSize.toLocaleString('en-US'));

    const final = await textOf(
      (await download(`/incidents/${incidentId}/report.pdf?stage=FINAL`, cpo)).body as Buffer,
    );
    expect(final).toContain('個人データの漏えい等の報告（確報）');
    const english = await textOf(
      (await download(`/incidents/${incidentId}/report.pdf?lang=en`, cpo)).body as Buffer,
    );
    expect(english).toContain('Reportofapersonaldatabreach(preliminaryreport)');
    expect(english).toContain('3persons');
    expect((await download(`/incidents/${incidentId}/report.pdf?stage=DRAFT`, cpo)).status).toBe(
      400,
    );
    expect((await download(`/incidents/${incidentId}/report.pdf?lang=fr`, cpo)).status).toBe(400);
    expect(
      (await download('/incidents/00000000-0000-4000-8000-000000000000/report.pdf', cpo)).status,
    ).toBe(404);
  });

  it('gives the same report as JSON, its digest in the EXPORT entry', async () => {
    const res = await download(`/incidents/${incidentId}/report.json`, cpo);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.body as Buffer;
    const json = JSON.parse(body.toString('utf8')) as {
      format: string;
      number: string;
      stage: string;
      incident: { awareAt: string; preliminaryDueOn: string; finalDueOn: string };
      reportability: { reportable: boolean; grounds: string[] };
      draft: { version: number };
      report: { item: string; label: { ja: string }; value: unknown }[];
      checkpoint: { treeSize: number; rootHash: string };
    };
    expect(json).toMatchObject({
      format: 'daicho-incident-report/1',
      number,
      stage: 'PRELIMINARY',
      incident: { preliminaryDueOn: '2026-12-02', finalDueOn: '2026-12-29' },
      reportability: { reportable: true, grounds: ['FINANCIAL_DAMAGE'] },
      draft: { version: 2 },
    });
    expect(json.report).toHaveLength(9);
    expect(json.report.find((r) => r.item === 'persons')?.value).toBe(3);
    expect(json.report.find((r) => r.item === 'prevention')).toMatchObject({
      label: { ja: '再発防止のための措置' },
      value: EDITED.prevention,
    });
    const entry = await lastExport('IncidentReport');
    expect(entry?.details).toMatchObject({
      format: 'json',
      sha256: sha256Hex(body),
      treeSize: json.checkpoint.treeSize,
      rootHash: json.checkpoint.rootHash,
    });
    expect(await rootAt(json.checkpoint.treeSize)).toBe(json.checkpoint.rootHash);
  });

  it('makes the notice to the persons from the saved draft, naming no one', async () => {
    const res = await download(`/incidents/${incidentId}/person-notice.pdf?lang=ja`, cpo);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${number}-person-notice-ja.pdf"`,
    );
    const body = res.body as Buffer;
    const text = await textOf(body);
    for (const expected of [
      '個人情報の漏えい等に関するお知らせ',
      '個人情報の保護に関する法律第26条第2項',
      '概要',
      // The longer labels wrap in their column (the text interleaves with the value's lines).
      '4.二次被害又はそのおそれの有無',
      flat(EDITED.secondaryDamage),
      flat(EDITED.cause),
      'その他参考となる事項',
      flat(EDITED.other),
      number,
      '個人情報センター',
    ])
      expect(text).toContain(expected);
    // A template: no addressee, no count, none of what goes to the PPC only.
    for (const absent of [
      '社員1',
      '社員2',
      '社員3',
      '山田',
      '本人の数',
      '3名',
      flat(EDITED.prevention),
    ])
      expect(text).not.toContain(absent);
    const entry = await lastExport('IncidentPersonNotice');
    expect(entry?.details).toMatchObject({
      number,
      lang: 'ja',
      draftVersion: 2,
      sha256: sha256Hex(body),
    });
    // Another incident with no saved draft has no notice yet.
    const other = await gql<{ id: string }>(REPORT, { input: INCIDENT });
    expect((await download(`/incidents/${other!.id}/person-notice.pdf`, cpo)).status).toBe(409);
  });

  it('refuses the auditor and HR: 403 on every download, FORBIDDEN on the draft', async () => {
    for (const token of [auditor, hr]) {
      for (const path of ['report.pdf', 'report.json', 'person-notice.pdf'])
        expect((await download(`/incidents/${incidentId}/${path}`, token)).status).toBe(403);
      expect(await codeOf(GET_DRAFT, { id: incidentId }, token)).toBe('FORBIDDEN');
      expect(
        await codeOf(SAVE_DRAFT, { id: incidentId, input: { ...EDITED, version: 2 } }, token),
      ).toBe('FORBIDDEN');
    }
    await t.sealLedger();
    const exports = await t.ledgerRows(`action = 'EXPORT' AND target_id = $1`, [incidentId]);
    expect(exports.every((e) => e.actor_role === 'CPO')).toBe(true);
    expect(await gql<Draft>(GET_DRAFT, { id: incidentId })).toMatchObject({ version: 2 });
  });

  it('never prints fewer persons than the scope holds: a stale saved count is refused', async () => {
    const created = await gql<{ id: string }>(
      CREATE,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [
            { key: 'name', value: '社員 4' },
            { key: 'employeeNumber', value: 'E-74' },
          ],
        },
      },
      hr,
    );
    await gql(ADD, { id: incidentId, input: { recordIds: [created!.id] } });
    await t.sealLedger();
    expect((await download(`/incidents/${incidentId}/report.pdf`, cpo)).status).toBe(409);
    const current = await gql<Draft>(GET_DRAFT, { id: incidentId });
    await gql(SAVE_DRAFT, {
      id: incidentId,
      input: { ...EDITED, persons: 4, version: current!.version },
    });
    expect((await download(`/incidents/${incidentId}/report.pdf`, cpo)).status).toBe(200);
  });
});
