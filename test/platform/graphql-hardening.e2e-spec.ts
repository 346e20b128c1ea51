import { Role, TestApp } from '../harness/test-app';

describe('GraphQL transport hardening', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await TestApp.start();
    token = (await t.loginAs(Role.ADMIN)).token;
  });
  afterAll(async () => t.close());

  it('hides "Did you mean" suggestions', async () => {
    const typo = await t.gql('{ mee { id } }', {}, token);
    expect(typo.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
    const wrongArg = await t.gql('{ users(firts: 2) { edges { cursor } } }', {}, token);
    expect(JSON.stringify(wrongArg.errors)).not.toMatch(/Did you mean|"first"/);
  });

  it('refuses requests a browser could send cross-site', async () => {
    const viaGet = await t.http.get('/graphql').query({ query: '{ me { id } }' });
    expect(viaGet.status).toBe(400);
    const textPlain = await t.http
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: '{ me { id } }' }));
    expect(textPlain.status).toBe(400);
    const form = await t.http
      .post('/graphql')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('query=%7B%20me%20%7B%20id%20%7D%20%7D');
    expect(form.status).toBe(400);
    const mutationViaGet = await t.http
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: 'mutation { logout }' });
    expect(mutationViaGet.status).toBe(405);
    expect((await t.gql('{ me { id } }', {}, token)).data).toBeTruthy();
  });

  it('tells browsers and proxies to keep no copy of any answer, data or error', async () => {
    for (const body of [{ query: '{ me { id } }' }, { query: '{ mee { id } }' }]) {
      const res = await t.http
        .post('/graphql')
        .set('authorization', `Bearer ${token}`)
        .set('content-type', 'application/json')
        .send(body);
      expect(res.headers['cache-control']).toBe('no-store');
      // Nothing to revalidate against either: no ETag is computed for an answer nobody keeps.
      expect(res.headers.etag).toBeUndefined();
    }
    const anonymous = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ me { id } }' });
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('refuses batched operations', async () => {
    const before = await t.count('sessions');
    const res = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([
        { query: 'mutation { login(input: {email: "a@example.test", password: "x"}) { token } }' },
        { query: '{ __typename }' },
      ]);
    expect(res.status).toBe(400);
    expect(await t.count('sessions')).toBe(before);
  });

  it('answers 413 to a 2 MB body and keeps serving', async () => {
    const res = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: `{ me { id } } # ${'x'.repeat(2 * 1024 * 1024)}` });
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|node_modules/);
    const variables = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ me { id } }', variables: { blob: 'y'.repeat(5 * 1024 * 1024) } });
    expect(variables.status).toBe(413);
    expect((await t.gql('{ me { id } }', {}, token)).data).toBeTruthy();
  });

  it('masks unexpected errors: no SQL, table names or stack, logged with the request id', async () => {
    await t.dataSource.query('ALTER TABLE api_keys RENAME TO api_keys_moved');
    try {
      const res = await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .set('x-request-id', 'req-t13-0001')
        .send({ query: '{ apiKeys { edges { node { id } } } }' });
      const body = JSON.stringify(res.body);
      expect(
        (res.body as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe('INTERNAL_SERVER_ERROR');
      expect(body).not.toMatch(/api_keys|relation|SELECT|QueryFailed|stack|\.ts:/);
      // The request id is the server's own; the client's is only logged beside it,
      // and the internal error carries the id to quote.
      const requestId = res.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        (res.body as { errors: { extensions: { requestId?: string } }[] }).errors[0]?.extensions
          .requestId,
      ).toBe(requestId);
      const line = t.logs.split('\n').find((l) => l.includes('unexpected error'));
      expect(line).toContain(`"id":"${requestId}"`);
      expect(line).toContain('"clientRequestId":"req-t13-0001"');
    } finally {
      await t.dataSource.query('ALTER TABLE api_keys_moved RENAME TO api_keys');
    }
  });

  it('logs one line per request: its id, method, path without the query string, status and time', async () => {
    const res = await t.http
      .get('/records/00000000-0000-4000-8000-000000000000/items/faceImage?purpose=tel-09012345678')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', 'not an id: 080-1234-5678');
    const requestId = String(res.headers['x-request-id']);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the line is written at 'close'
    const lines = t.logs.split('\n').filter((l) => l.includes(requestId));
    const line = lines.find((l) => l.includes('request completed'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      req: {
        id: requestId,
        method: 'GET',
        path: '/records/00000000-0000-4000-8000-000000000000/items/faceImage',
      },
      res: { statusCode: res.status },
    });
    expect(typeof entry.responseTime).toBe('number');
    // Neither the query string nor a client's id that is not an identifier reaches any line.
    expect(lines.join('\n')).not.toContain('09012345678');
    expect(t.logs).not.toContain('080-1234-5678');
  });

  it('reports server and database state on /health without logging in', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', server: 'up', database: 'up' });
  });

  it('turns wrongly typed variables into BAD_USER_INPUT with HTTP 400', async () => {
    const res = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({
        query: 'query($n: Int) { users(first: $n) { edges { cursor } } }',
        variables: { n: 'ten' },
      });
    expect(res.status).toBe(400);
    expect(
      (res.body as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('BAD_USER_INPUT');
  });
});
