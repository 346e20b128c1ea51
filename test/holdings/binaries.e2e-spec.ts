import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { Role, TestApp } from '../harness/test-app';
import { cctvRecord } from './cctv-record';

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('file items (CCTV image, voice recording): encrypted, size-limited, recorded', () => {
  let t: TestApp;
  let facilities: string;
  let recordId: string;
  const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const image = Buffer.concat([
    JPEG_MAGIC,
    Buffer.from('FAKE-JPEG-MARKER-4411'),
    randomBytes(200_000),
  ]);

  const put = (token: string, body: Buffer, id = recordId, declared = 'image/jpeg') =>
    t.http
      .put(`/records/${id}/items/image`)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/octet-stream')
      .set('x-content-type', declared)
      .send(body);
  const get = (token: string, purpose = 'CRIME_PREVENTION') =>
    t.http
      .get(`/records/${recordId}/items/image?purpose=${purpose}`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary);

  beforeAll(async () => {
    t = await TestApp.start({ HOLDINGS_MAX_BINARY_BYTES: String(1024 * 1024) });
    facilities = (await t.loginAs(Role.FACILITIES)).token;
    recordId = await cctvRecord(t, facilities);
  });
  afterAll(() => t.close());

  it('round-trips the bytes, sealed at rest, each upload and download in the ledger', async () => {
    expect((await put(facilities, image)).status).toBe(204);
    const rows = await t.dataSource.query<{ raw: Buffer; size: number }[]>(
      'SELECT sealed_content AS raw, size FROM record_binaries WHERE record_id = $1',
      [recordId],
    );
    expect(rows[0]!.size).toBe(image.length);
    expect(rows[0]!.raw.includes(Buffer.from('FAKE-JPEG-MARKER-4411'))).toBe(false);
    const res = await get(facilities);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toBe('attachment; filename="image.jpg"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((res.body as Buffer).equals(image)).toBe(true);
    await t.sealLedger();
    const entries = await t.ledgerRows(`target_id = $1 AND fields = ARRAY['image']`, [recordId]);
    expect(entries.map((e) => [e.action, e.purpose_code])).toEqual([
      ['UPDATE', null],
      ['READ', 'CRIME_PREVENTION'],
    ]);
  });

  it('refuses files over the limit (413), other roles (404, recorded), wrong purposes (403, recorded) and non-file items', async () => {
    const tooBig = await put(facilities, randomBytes(1024 * 1024 + 1));
    expect(tooBig.status).toBe(413);
    const hr = (await t.loginAs(Role.HR)).token;
    expect((await put(hr, image)).status).toBe(404);
    expect((await get(hr)).status).toBe(404);
    // The role reads CCTV, so a purpose misuse is named (as for record()), not hidden.
    expect((await get(facilities, 'RECRUITMENT')).status).toBe(403);
    expect((await get(facilities, 'INCIDENT_RESPONSE')).status).toBe(403);
    const notFile = await t.http
      .put(`/records/${recordId}/items/cameraLocation`)
      .set('authorization', `Bearer ${facilities}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from('x'));
    expect(notFile.status).toBe(400);
    expect(
      (await t.http.get(`/records/${recordId}/items/image?purpose=CRIME_PREVENTION`)).status,
    ).toBe(401);
    await t.sealLedger();
    const denied = await t.ledgerRows(`action = 'DENIED' AND target_id = $1`, [recordId]);
    expect(denied.length).toBeGreaterThanOrEqual(4);
    expect(denied.filter((e) => e.purpose_code === 'INCIDENT_RESPONSE')).toHaveLength(1);
  });

  it('takes only what the item’s kind admits, by the bytes, not the declared type', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/graphql")</script></svg>',
    );
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(64),
    ]);
    const wav = Buffer.concat([Buffer.from('RIFF'), randomBytes(4), Buffer.from('WAVE')]);
    const stored = async () =>
      (
        await t.dataSource.query<{ content_type: string; size: number }[]>(
          'SELECT content_type, size FROM record_binaries WHERE record_id = $1',
          [recordId],
        )
      )[0];
    await t.sealLedger();
    const before = {
      row: await stored(),
      updates: await t.count(
        `ledger_entries WHERE action = 'UPDATE' AND target_id = '${recordId}'`,
      ),
    };
    for (const [body, declared] of [
      [svg, 'image/svg+xml'], // a script dressed as an image
      [svg, 'image/jpeg'], // the declared type is not taken on its word
      [Buffer.from('<html><script>alert(1)</script></html>'), 'image/png'],
      [png, 'image/jpeg'], // a PNG that says it is a JPEG
      [wav, 'audio/wav'], // audio is not an image item's kind
    ] as const) {
      const res = await put(facilities, body, recordId, declared);
      expect(res.status).toBe(400);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('image/jpeg, image/png, image/webp');
      expect(error.message).not.toContain('<');
    }
    expect(await stored()).toEqual(before.row); // nothing replaced
    expect(
      await t.count(`ledger_entries WHERE action = 'UPDATE' AND target_id = '${recordId}'`),
    ).toBe(before.updates);

    // A real PNG is taken and served as a PNG attachment.
    expect((await put(facilities, png, recordId, 'image/png')).status).toBe(204);
    expect(await stored()).toEqual({ content_type: 'image/png', size: png.length });
    const res = await get(facilities);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('attachment; filename="image.png"');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");

    // A file stored before this check (say an SVG) is served as opaque bytes, never as SVG.
    await t.dataSource.query(
      `UPDATE record_binaries SET content_type = 'image/svg+xml' WHERE record_id = $1`,
      [recordId],
    );
    const old = await get(facilities);
    expect(old.status).toBe(200);
    expect(old.headers['content-type']).toBe('application/octet-stream');
    expect(old.headers['content-disposition']).toBe('attachment; filename="image.bin"');
  });

  it('sends the security headers on every route: GraphQL, files, errors, unknown paths', async () => {
    const answers = [
      await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: '{ __typename }' }),
      await t.http.get('/no-such-route'),
      await t.http.get(`/records/${recordId}/items/image?purpose=CRIME_PREVENTION`), // 401
      await get(facilities),
    ];
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});
