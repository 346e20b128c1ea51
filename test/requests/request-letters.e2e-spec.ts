import { createHash } from 'node:crypto';
import { todayInJapan } from '@daicho/platform';
import { pdfToText } from '@daicho/documents';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerKeys, verifyInclusion } from '@daicho/ledger';
import { tarFiles } from '../harness/tar-files';
import { Role, TestApp } from '../harness/test-app';

const STEP = (name: string, input: string) =>
  `mutation($id: ID!${input ? `, $input: ${input}` : ''}) { ${name}(requestId: $id${input ? ', input: $input' : ''}) { id status } }`;
/** Today as the server counts days: in Japan (after 15:00 UTC it is already tomorrow there). */
const TODAY = todayInJapan();

/** The letters of a request, as PDF over HTTP: what they print, who may have them, the EXPORT entry. */
describe('request letters (PDF)', () => {
  let t: TestApp;
  let cpo: string;
  let auditor: string;
  let hr: string;
  let disclosure: string;
  /** The employee the disclosure is about (not the requester's own intake subject). */
  let employeeSubject: string;
  let refused: string;

  const gql = async (query: string, variables: Record<string, unknown>, token = cpo) => {
    const answer = await t.gql<Record<string, { id: string }>>(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return Object.values(answer.data!)[0];
  };
  const receive = async (kind: string, extra: Record<string, unknown> = {}) =>
    (await gql(`mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { id } }`, {
      input: {
        kind,
        channel: 'MAIL',
        receivedAt: '2026-11-30T10:00:00+09:00',
        requester: { name: '山田 花子', address: '大阪府大阪市中央区1-2-3' },
        ...extra,
      },
    }))!.id;
  const download = (id: string, letter: string, token: string, lang = 'ja') =>
    t.http
      .get(`/requests/${id}/letters/${letter}.pdf?lang=${lang}`)
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

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    hr = (await t.loginAs(Role.HR)).token;
    const employee = await t.gql<{ createRecord: { subjectId: string } }>(
      `mutation($input: CreateRecordInput!) { createRecord(input: $input) { subjectId } }`,
      {
        input: {
          categoryCode: 'EMPLOYEE',
          collectedAt: '2026-04-01T00:00:00Z',
          source: 'hiring documents',
          consentRef: 'employment contract',
          values: [
            { key: 'name', value: '山田 花子' },
            { key: 'address', value: '大阪府大阪市中央区1-2-3' },
          ],
        },
      },
      hr,
    );
    const subjectId = employee.data!.createRecord.subjectId;
    employeeSubject = subjectId;
    const check = {
      subject: 'REQUESTER',
      documentType: 'PASSPORT',
      domicileBlackedOut: true,
      result: 'CONFIRMED',
    };
    const fee = {
      amount: 1000,
      method: 'POSTAL_MONEY_ORDER',
      receivedOn: TODAY,
      reference: 'MO-1',
    };
    disclosure = await receive('DISCLOSURE', { disclosureMethod: 'ELECTRONIC' });
    await gql(STEP('requestMissingItems', 'RequestMissingItemsInput!'), {
      id: disclosure,
      input: { items: ['FEE'] },
    });
    await gql(STEP('recordIdentityCheck', 'RecordIdentityCheckInput!'), {
      id: disclosure,
      input: check,
    });
    await gql(STEP('recordFeePayment', 'RecordFeePaymentInput!'), { id: disclosure, input: fee });
    await gql(
      `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { id } }`,
      {
        id: disclosure,
        s: [subjectId],
      },
    );
    await gql(STEP('decideRequest', 'DecideRequestInput!'), {
      id: disclosure,
      input: { outcome: 'COMPLY' },
    });
    await gql(STEP('executeRequest', ''), { id: disclosure });
    refused = await receive('PURPOSE_NOTICE');
    await gql(STEP('recordFeePayment', 'RecordFeePaymentInput!'), { id: refused, input: fee });
    await gql(STEP('decideRequest', 'DecideRequestInput!'), {
      id: refused,
      input: { outcome: 'REFUSE', grounds: ['IDENTITY_NOT_CONFIRMED'] },
    });
    await t.sealLedger();
  });
  afterAll(() => t.close());

  it('prints the response with the request number, the dates, the values held and the checkpoint root', async () => {
    const res = await download(disclosure, 'response', cpo);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/filename="R-2026-\d{4}-response-ja\.pdf"/);
    const text = await pdfToText(res.body as Buffer);
    expect(text).toContain('R-2026-0001');
    expect(text).toContain('2026年12月14日'); // art. 39: arrival 11/30 + 14 days
    expect(text).toContain('山田 花子');
    expect(text).toContain('大阪府大阪市中央区1-2-3');
    // The download is an EXPORT entry naming the checkpoint it printed (the sequencer may sign
    // newer ones meanwhile): that signed checkpoint's root is the one on the letter.
    await t.sealLedger();
    const [entry, ...others] = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'RequestLetter'`,
    );
    expect(entry).toMatchObject({
      target_id: disclosure,
      details: { letter: 'response', lang: 'ja', copy: 'FULL' },
    });
    // The full copy prints the employee's values: in their name as well, the same file.
    expect(others.map((e) => [e.subject_id, e.category_code, e.details])).toEqual([
      [employeeSubject, 'EMPLOYEE', entry!.details],
    ]);
    // …naming the items it printed.
    expect(others[0]!.fields).toEqual(expect.arrayContaining(['address', 'name']));
    const { treeSize, rootHash } = entry!.details as { treeSize: number; rootHash: string };
    expect(await rootAt(treeSize)).toBe(rootHash);
    expect(text.replace(/\s+/g, '')).toContain(rootHash);
  });

  it('gives the auditor a copy without the person’s data, and refuses other roles and unknown letters', async () => {
    const res = await download(disclosure, 'response', auditor);
    expect(res.status).toBe(200);
    const text = await pdfToText(res.body as Buffer);
    expect(text).toContain('R-2026-0001');
    expect(text).not.toContain('山田');
    expect(text).not.toContain('大阪府大阪市中央区1-2-3');
    // Even without values, which items are held about the person is a look of its own.
    await t.sealLedger();
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'PersonalRecord' AND details->>'view' = 'REQUEST_LETTER_AUDIT_COPY'`,
    );
    expect(looks).toHaveLength(1);
    expect(looks[0]).toMatchObject({ actor_role: 'AUDITOR', fields: ['itemKeys'] });
    expect(
      await t.ledgerRows(
        `action = 'READ' AND target_type = 'SubjectAccesses' AND actor_role = 'AUDITOR'`,
      ),
    ).toHaveLength(1);
    // It carries no values: its EXPORT entry is in the requester's name only.
    const audited = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'RequestLetter' AND actor_role = 'AUDITOR'`,
    );
    expect(audited.map((e) => e.category_code)).toEqual(['REQUESTER']);
    expect((await download(disclosure, 'response', hr)).status).toBe(403);
    expect((await download(disclosure, 'nonsense', cpo)).status).toBe(400);
    expect((await download('00000000-0000-4000-8000-000000000000', 'response', cpo)).status).toBe(
      404,
    );
    // A letter the request has not reached yet.
    expect((await download(disclosure, 'refusal', cpo)).status).toBe(409);
  });

  it('prints the acknowledgement, the request for the fee, and the refusal with its reason, in Japanese and English', async () => {
    const ack = await pdfToText(
      (await download(disclosure, 'acknowledgement', cpo)).body as Buffer,
    );
    expect(ack).toContain('R-2026-0001');
    expect(ack).toContain('2026年11月30日');
    const missing = await pdfToText(
      (await download(disclosure, 'missing-items', cpo)).body as Buffer,
    );
    expect(missing).toContain('1,000');
    const refusal = await pdfToText((await download(refused, 'refusal', cpo)).body as Buffer);
    expect(refusal).toContain('R-2026-0002');
    expect(refusal).toContain('本人であることが確認できないため');
    const english = await pdfToText((await download(refused, 'refusal', cpo, 'en')).body as Buffer);
    expect(english).toMatch(/identity/i);
    expect((await download(refused, 'refusal', cpo, 'fr')).status).toBe(400);
  });

  it('serves the three blank request forms to anyone, with the office and the fee', async () => {
    for (const form of ['purpose-notice', 'disclosure', 'deletion-suspension']) {
      const res = await t.http
        .get(`/forms/${form}.pdf`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const text = await pdfToText(res.body as Buffer);
      expect(text).toContain('個人情報センター');
      expect(text).toContain('西心斎橋');
      if (form !== 'deletion-suspension') expect(text).toContain('1,000');
    }
    expect((await t.http.get('/forms/other.pdf')).status).toBe(400);
    expect((await t.http.get('/forms/disclosure.pdf?lang=de')).status).toBe(400);
  });

  it('hands the CPO the electronic disclosure: letter, JSON, CSV and proofs that verify against the printed root', async () => {
    const res = await t.http
      .get(`/requests/${disclosure}/disclosure-package.tar?lang=ja`)
      .set('authorization', `Bearer ${cpo}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const files = await tarFiles(res.body as Buffer);
    expect([...files.keys()].sort()).toEqual(
      [
        'R-2026-0001-response-ja.pdf',
        'disclosure.csv',
        'disclosure.json',
        'ledger-proofs.json',
      ].sort(),
    );
    const json = JSON.parse(files.get('disclosure.json')!.toString('utf8')) as {
      records: { items: { item: { ja: string }; value: string }[] }[];
      accesses: { seq: number; action: string }[];
      checkpoint: { treeSize: number; rootHash: string };
      inclusionProofs: { seq: number; leafIndex: number; leafHash: string; auditPath: string[] }[];
    };
    expect(json.records[0]!.items).toContainEqual({
      item: expect.objectContaining({ ja: '氏名' }) as unknown,
      value: '山田 花子',
    });
    expect(json.accesses.length).toBeGreaterThan(0);
    // The file carries the employee's values: an EXPORT entry in their name too, not only in the
    // requester's, with the digest of the very file.
    await t.sealLedger();
    const exported = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'DisclosurePackage' AND target_id = $1`,
      [disclosure],
    );
    const sha256 = createHash('sha256')
      .update(res.body as Buffer)
      .digest('hex');
    expect(
      exported.map((e) => [
        e.subject_id,
        e.category_code,
        (e.details as { sha256: string }).sha256,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [employeeSubject, 'EMPLOYEE', sha256],
        [expect.any(String), 'REQUESTER', sha256],
      ]),
    );
    // The request's counts (of everyone matched) stay on the requester's entry.
    const mine = exported.find((e) => e.subject_id === employeeSubject)!;
    expect(mine.details).not.toHaveProperty('records');
    expect(exported.find((e) => e.category_code === 'REQUESTER')!.details).toHaveProperty(
      'records',
    );
    const csv = files.get('disclosure.csv')!;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('山田 花子');
    // Each access's proof, as the letter prints it, verifies against the checkpoint's root.
    const [row] = await t.dataSource.query<{ root: Buffer }[]>(
      'SELECT root FROM ledger_checkpoints WHERE tree_size = $1',
      [json.checkpoint.treeSize],
    );
    expect(row!.root.toString('hex')).toBe(json.checkpoint.rootHash);
    const text = await pdfToText(files.get('R-2026-0001-response-ja.pdf')!);
    const access = json.accesses[json.accesses.length - 1];
    const [leaf] = await t.dataSource.query<{ leaf_hash: Buffer }[]>(
      'SELECT leaf_hash FROM ledger_entries WHERE seq = $1',
      [access!.seq],
    );
    expect(text.replace(/\s+/g, '')).toContain(leaf!.leaf_hash.toString('hex'));
    // The person checks each access offline with the verifier and the ledger's public key.
    const dir = await mkdtemp(join(tmpdir(), 'daicho-proofs-'));
    const proofsFile = join(dir, 'ledger-proofs.json');
    await writeFile(proofsFile, files.get('ledger-proofs.json')!);
    const key = t.app.get(LedgerKeys).verifierKey;
    const verifier = (file: string) =>
      spawnSync(
        process.execPath,
        ['tools/verify-ledger.js', '--entries', file, '--public-key', key],
        {
          encoding: 'utf8',
        },
      );
    const verified = verifier(proofsFile);
    expect(verified.stdout).toContain(`seq ${access!.seq}: OK`);
    expect(verified.status).toBe(0);
    // One entry altered (its purpose), and the verifier names it.
    const doc = JSON.parse(files.get('ledger-proofs.json')!.toString('utf8')) as {
      entries: { seq: number; entry: { purposeCode: string | null } }[];
    };
    doc.entries[0]!.entry.purposeCode = 'CRIME_PREVENTION';
    const tampered = join(dir, 'tampered.json');
    await writeFile(tampered, JSON.stringify(doc));
    const rejected = verifier(tampered);
    expect(rejected.status).toBe(1);
    expect(rejected.stdout).toContain(`seq ${doc.entries[0]!.seq}: FAILED`);
    // The auditor and HR get no package.
    expect(
      (
        await t.http
          .get(`/requests/${disclosure}/disclosure-package.tar`)
          .set('authorization', `Bearer ${auditor}`)
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .get(`/requests/${refused}/disclosure-package.tar`)
          .set('authorization', `Bearer ${cpo}`)
      ).status,
    ).toBe(409);
    const proof = json.inclusionProofs.find((p) => p.seq === access!.seq)!;
    expect(proof.leafHash).toBe(leaf!.leaf_hash.toString('hex'));
    const hex = (h: string) => Buffer.from(h, 'hex');
    const verify = (path: string[]) =>
      verifyInclusion(
        hex(proof.leafHash),
        proof.leafIndex,
        json.checkpoint.treeSize,
        path.map(hex),
        row!.root,
      );
    expect(verify(proof.auditPath)).toBe(true);
    expect(
      verify(
        proof.auditPath.map((h, i) => (i === 0 ? h.replace(/^./, h[0] === '0' ? '1' : '0') : h)),
      ),
    ).toBe(false);
  });

  it('answers a notification of purposes with the purposes of the person’s categories, then closes', async () => {
    const [subject] = await t.dataSource.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM personal_records WHERE category_code = 'EMPLOYEE' LIMIT 1`,
    );
    const id = await receive('PURPOSE_NOTICE');
    await gql(STEP('recordIdentityCheck', 'RecordIdentityCheckInput!'), {
      id,
      input: {
        subject: 'REQUESTER',
        documentType: 'PASSPORT',
        domicileBlackedOut: true,
        result: 'CONFIRMED',
      },
    });
    await gql(STEP('recordFeePayment', 'RecordFeePaymentInput!'), {
      id,
      input: { amount: 1000, method: 'POSTAL_MONEY_ORDER', receivedOn: TODAY, reference: 'MO-7' },
    });
    await gql(
      `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { id } }`,
      {
        id,
        s: [subject!.subject_id],
      },
    );
    await gql(STEP('decideRequest', 'DecideRequestInput!'), { id, input: { outcome: 'COMPLY' } });
    await gql(STEP('executeRequest', ''), { id });
    await t.sealLedger();
    const sent = (await download(id, 'response', cpo)).body as Buffer;
    const text = await pdfToText(sent);
    expect(text).toContain('従業員');
    expect(text).toContain('人事労務管理');
    expect(text).toContain('山田 花子');
    // The EXPORT entry holds the digest of the very file handed out.
    await t.sealLedger();
    const exports = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'RequestLetter' AND target_id = $1`,
      [id],
    );
    // Which categories hold the person is metadata about them: the letter's look is in their name.
    const looks = await t.ledgerRows(
      `action = 'READ' AND target_type = 'SubjectCategories' AND subject_id = $1`,
      [subject!.subject_id],
    );
    expect(looks.length).toBeGreaterThanOrEqual(1);
    expect(exports.at(-1)!.details).toMatchObject({
      letter: 'response',
      copy: 'FULL',
      sha256: createHash('sha256').update(sent).digest('hex'),
    });
    const english = await pdfToText((await download(id, 'response', cpo, 'en')).body as Buffer);
    expect(english).toContain('Personnel and labour management');
    const responded = await gql(STEP('respondToRequest', 'RespondToRequestInput!'), {
      id,
      input: { sentOn: TODAY, method: 'SEALED_LETTER' },
    });
    expect(responded).toMatchObject({ status: 'RESPONDED' });
    // Once sent, the letter is not made again from today's data: the CPO gets the audit copy.
    const again = await pdfToText((await download(id, 'response', cpo)).body as Buffer);
    expect(again).toContain('監査用写し');
    expect(again).not.toContain('山田 花子');
    expect(await gql(STEP('closeRequest', ''), { id })).toMatchObject({ status: 'CLOSED' });
  });
});
