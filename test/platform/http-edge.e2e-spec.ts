import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Role, TestApp } from '../harness/test-app';
import { cctvRecord } from '../holdings/cctv-record';

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The error of a REST answer, `{ error: { code, message } }`. */
const restError = (res: Response) =>
  (res.body as { error?: { code: string; message: string } }).error;

/**
 * The HTTP edge in front of every route: a ledger entry stands for a body that was sent (no HEAD,
 * no 304), no error quotes what the client sent (an unknown path, a GraphQL token), and raw bytes
 * are read on the one route that takes them.
 */
describe('the HTTP edge: whole answers, no echo, raw bytes on their route only', () => {
  let t: TestApp;
  let cpo: string;
  let facilities: string;
  let auditor: string;
  let recordId: string;
  const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]);
  const itemPath = () => `/records/${recordId}/items/image?purpose=CRIME_PREVENTION`;
  const ledgerSize = async () =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ledger_entries`))[0]!
      .n;
  const upload = (body: Buffer) =>
    t.http
      .put(`/records/${recordId}/items/image`)
      .set('authorization', `Bearer ${facilities}`)
      .set('content-type', 'application/octet-stream')
      .set('x-content-type', 'image/jpeg')
      .send(body);

  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
    facilities = (await t.loginAs(Role.FACILITIES)).token;
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    recordId = await cctvRecord(t, facilities);
    expect((await upload(image)).status).toBe(204);
    await t.sealLedger();
  });
  afterAll(() => t.close());

  it('answers HEAD of a download 405 with Allow, running nothing and recording nothing', async () => {
    const before = await ledgerSize();
    const heads = [
      ['/exports/provisions.csv', cpo],
      ['/exports/inventory.xlsx', cpo],
      [itemPath(), facilities],
      ['/ledger/evidence.tar', auditor],
      [
        `/graphql?query=${encodeURIComponent(`{ record(id: "${recordId}", purpose: "CRIME_PREVENTION") { id } }`)}`,
        facilities,
      ],
    ] as const;
    for (const [path, token] of heads) {
      const res = await t.http
        .head(path)
        .set('authorization', `Bearer ${token}`)
        .set('apollo-require-preflight', 'true');
      expect([path, res.status, res.headers.allow]).toEqual([
        path,
        405,
        path.startsWith('/graphql') ? 'GET, POST' : 'GET',
      ]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(await ledgerSize()).toBe(before);
    // The probes still answer HEAD, as load balancers send it.
    expect((await t.http.head('/health/live')).status).toBe(200);
    expect((await t.http.head('/health/ready')).status).toBe(200);
  });

  it('sends the body of a conditional GET (If-None-Match: *), with exactly one entry for it', async () => {
    const exports = async () =>
      (await t.ledgerRows(`action = 'EXPORT' AND target_type = 'ProvisionExport'`)).length;
    const exported = await exports();
    const csv = await t.http
      .get('/exports/provisions.csv')
      .set('authorization', `Bearer ${cpo}`)
      .set('if-none-match', '*')
      .buffer(true)
      .parse(binary);
    expect(csv.status).toBe(200);
    expect((csv.body as Buffer).length).toBeGreaterThan(0);
    expect(await exports()).toBe(exported + 1);

    const reads = async () =>
      (await t.ledgerRows(`action = 'READ' AND target_id = $1`, [recordId])).length;
    let read = await reads();
    const file = await t.http
      .get(itemPath())
      .set('authorization', `Bearer ${facilities}`)
      .set('if-none-match', '*')
      .set('if-modified-since', new Date(Date.now() + 3_600_000).toUTCString())
      .buffer(true)
      .parse(binary);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).equals(image)).toBe(true);
    expect(await reads()).toBe(read + 1);

    read = await reads();
    const query = `{ record(id: "${recordId}", purpose: "CRIME_PREVENTION") { id } }`;
    const viaGet = await t.http
      .get('/graphql')
      .query({ query })
      .set('authorization', `Bearer ${facilities}`)
      .set('apollo-require-preflight', 'true')
      .set('if-none-match', '*');
    expect(viaGet.status).toBe(200);
    expect((viaGet.body as { data?: { record?: { id: string } } }).data?.record?.id).toBe(recordId);
    expect(await reads()).toBe(read + 1);

    const bundles = async () =>
      (await t.ledgerRows(`action = 'EXPORT' AND target_type = 'LedgerEvidence'`)).length;
    const bundled = await bundles();
    const tar = await t.http
      .get('/ledger/evidence.tar')
      .set('authorization', `Bearer ${auditor}`)
      .set('if-none-match', '*')
      .buffer(true)
      .parse(binary);
    expect(tar.status).toBe(200);
    expect((tar.body as Buffer).length).toBeGreaterThan(0);
    expect(await bundles()).toBe(bundled + 1);
  });

  it('answers an unknown path with a fixed message, never the path or query it was sent', async () => {
    for (const res of [
      await t.http.get('/anything?phone=09012345678'),
      await t.http.post('/taro@example.com/09012345678').send({}),
      await t.http.get('/exports/taro@example.com').set('authorization', `Bearer ${cpo}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: 'NOT_FOUND', message: 'There is no such route.' },
      });
    }
    // A NOT_FOUND the product itself words keeps its words.
    const missing = await t.http
      .get(`/records/${randomUUID()}/items/image?purpose=CRIME_PREVENTION`)
      .set('authorization', `Bearer ${facilities}`);
    expect(missing.status).toBe(404);
    expect(restError(missing)?.code).toBe('NOT_FOUND');
    expect(restError(missing)?.message).not.toBe('There is no such route.');
  });

  it('words GraphQL syntax errors by the kind of token, never its text', async () => {
    const cases: [string, string, string][] = [
      ['{ me "taro@example.com" }', 'taro@example.com', 'Expected Name, found String.'],
      ['{ me { id } } "x" "taro@example.com"', 'taro@example.com', 'Unexpected String.'],
      ['query ($a: "taro@example.com") { me { id } }', 'taro', 'Expected Name, found String.'],
      ['{ me { id } } yamada', 'yamada', 'Unexpected Name.'],
      ['{ me(x: 09012345) { id } }', '"9"', 'Invalid number, unexpected digit after 0.'],
      ['{ me { id } } 9012345678', '9012345678', 'Unexpected Int.'],
      ['{ me { id } } 3.1415926', '3.1415926', 'Unexpected Float.'],
      ['{ me { id } } "x" """taro@example.com"""', 'taro', 'Unexpected BlockString.'],
      ['query Q { me { id } } fragment F taro', 'taro', 'Expected "on", found Name.'],
      ['{ me(x: "taro\\qdoe") { id } }', '\\q', 'Invalid character escape sequence.'],
      ['{ me(x: "\\u12G4") { id } }', '12G4', 'Invalid Unicode escape sequence.'],
      ['{ me(x: "\\u{1F60Z}") { id } }', '1F60', 'Invalid Unicode escape sequence.'],
      ['{ me { id } } ~', '"~"', 'Unexpected character.'],
      ['{ me { id } } \u00e9', 'U+00E9', 'Unexpected character.'],
      ['{ me(x: 1ex) { id } }', '"x"', 'Invalid number, expected digit.'],
      ['{ me(x: 12ab) { id } }', '"a"', 'Invalid number, expected digit.'],
      ['{ me(x: "a\ud800b") { id } }', 'U+D800', 'Invalid character within String.'],
      ['{ me { id } } \udfff', 'U+DFFF', 'Invalid character.'],
      ['query ($a: Int = $taro) { me { id } }', 'taro', 'Unexpected variable in constant value.'],
    ];
    for (const [query, secret, expected] of cases) {
      const answer = await t.gql(query, {}, cpo);
      expect([query, answer.errors?.[0]?.message, answer.errors?.[0]?.extensions?.code]).toEqual([
        query,
        `Syntax Error: ${expected}`,
        'GRAPHQL_PARSE_FAILED',
      ]);
      expect(JSON.stringify(answer.errors).replace(/\\"/g, '"')).not.toContain(secret);
    }
    // A punctuator is the grammar's own word, not the client's text: kept.
    const brace = await t.gql('{ me { id }', {}, cpo);
    expect(brace.errors?.[0]?.message).toBe('Syntax Error: Expected Name, found <EOF>.');
    const colon = await t.gql('{ me(x: ) { id } }', {}, cpo);
    expect(colon.errors?.[0]?.message).toBe('Syntax Error: Unexpected ")".');
  });

  it('reads raw bytes on the file-item route only: elsewhere a binary body is refused unread', async () => {
    const big = randomBytes(2 * 1024 * 1024);
    const graphql = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${cpo}`)
      .set('content-type', 'application/octet-stream')
      .send(big);
    expect(graphql.status).toBe(415);
    expect(graphql.headers['content-type']).toMatch(/^application\/json/);
    const errors = (graphql.body as { errors?: { extensions?: { code?: string } }[] }).errors;
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const [method, path] of [
      ['post', '/console/session'],
      ['post', `/records/${recordId}/items/image`],
      ['put', `/records/${recordId}/items/image/more`],
      ['put', '/anything'],
    ] as const) {
      const res = await t.http[method](path)
        .set('authorization', `Bearer ${facilities}`)
        .set('content-type', 'application/octet-stream')
        .send(Buffer.from('x'));
      expect([path, res.status, restError(res)?.code]).toEqual([path, 415, 'BAD_USER_INPUT']);
    }
    // The file item itself still takes its bytes, and they come back whole.
    expect((await upload(image)).status).toBe(204);
    const back = await t.http
      .get(itemPath())
      .set('authorization', `Bearer ${facilities}`)
      .buffer(true)
      .parse(binary);
    expect((back.body as Buffer).equals(image)).toBe(true);
    expect((await t.gql('{ me { id } }', {}, cpo)).data).toBeTruthy();
  });
});
