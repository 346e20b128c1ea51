import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pdfToText } from '@daicho/documents';
import { Role, TestApp, TEST_PASSWORD } from '../harness/test-app';
import { TOOL } from '../ledger/ledger-tamper.helpers';
import { chromiumOrSkip } from './browser';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-output', 'console');
const executablePath = chromiumOrSkip();
const maybe = executablePath ? describe : describe.skip;

/**
 * The web console in a real headless Chromium (Debian's, driven by playwright-core): the CPO's
 * dashboard with real figures and drawn charts, the access report finding a planted off-hours
 * read, an auditor's query in GraphiQL. Throughout, no request leaves 127.0.0.1 and the page
 * raises no console error (a CSP violation would be one). Screenshots go to test-output/console.
 */
maybe('console: in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const outside: string[] = [];
  const problems: string[] = [];

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:'))
        return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${path}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
    await page.goto(`${base}${path}`);
    return page;
  };
  const logIn = async (page: Page, email: string) => {
    await page.getByLabel(/メールアドレス|E-mail/).fill(email);
    await page.getByLabel(/パスワード|Password/).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: /ログイン|Log in/ }).click();
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daicho-console-'));
    const built = spawnSync(process.execPath, [join(ROOT, 'apps', 'console', 'build.mjs'), dir], {
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`console build failed: ${built.stderr}`);
    mkdirSync(SHOTS, { recursive: true });
    t = await TestApp.start({ CONSOLE_DIR: dir });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: executablePath ?? undefined,
      args: ['--no-sandbox'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the CPO the dashboard with real figures and a drawn chart', async () => {
    const cpo = await t.loginAs(Role.CPO);
    const received = await t.gql(
      `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { number } }`,
      {
        input: {
          kind: 'DISCLOSURE',
          disclosureMethod: 'WRITTEN',
          channel: 'MAIL',
          receivedAt: '2026-12-01T09:30:00+09:00',
          requester: {
            name: '山田 花子',
            address: '大阪府大阪市中央区1-2-3',
            email: 'hanako@example.jp',
          },
        },
      },
      cpo.token,
    );
    expect(received.errors).toBeUndefined();
    const incident = await t.gql<{ reportIncident: { number: string } }>(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { number } }`,
      {
        input: {
          title: '誤送信',
          discoveredAt: '2026-12-01T10:00:00+09:00',
          awareAt: '2026-12-01T11:00:00+09:00',
          kind: 'LEAKAGE',
          cause: 'MISDELIVERY',
          wrongfulPurpose: false,
          description: '社員名簿を誤送信',
          categoryCodes: ['EMPLOYEE'],
          systemCodes: [],
        },
      },
      cpo.token,
    );
    expect(incident.errors).toBeUndefined();
    await t.sealLedger();
    const page = await open('/console/');
    await logIn(page, cpo.user.email);
    await page.getByRole('heading', { name: '開示等の請求（未完了）' }).waitFor();
    const requestNumber = (received.data as { receiveRequest: { number: string } }).receiveRequest
      .number;
    await page.getByRole('cell', { name: requestNumber }).waitFor();
    await page.getByRole('cell', { name: incident.data!.reportIncident.number }).waitFor();
    // Codes in words, in Japanese: the kind with its article, the status, the incident's stage.
    await page.getByRole('cell', { name: '開示（法33条1項）' }).waitFor();
    await page.getByRole('cell', { name: '受付済み' }).waitFor();
    await page.getByRole('cell', { name: '発覚' }).waitFor();
    expect(await page.getByRole('cell', { name: 'DISCLOSURE', exact: true }).count()).toBe(0);
    await page.getByRole('heading', { name: '30日以内に期限が来るもの' }).waitFor();
    const root = await page.getByTestId('root-hash').textContent();
    expect(root).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // The chart is drawn: its canvas holds painted pixels.
    // (A string: it runs in the page, where the DOM is.)
    const painted = await page.evaluate(`(() => {
      const canvas = document.querySelector('canvas');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      return data ? data.some((v, i) => i % 4 === 3 && v > 0) : false;
    })()`);
    expect(painted).toBe(true);
    // Never verified yet; verified now, and the dashboard keeps when.
    await page
      .getByTestId('last-verified')
      .getByText('まだ検証されていません', { exact: false })
      .waitFor();
    await page.getByRole('button', { name: '今すぐ検証' }).click();
    await page.getByTestId('last-verified').getByText('検証済み', { exact: false }).waitFor();
    await shot(page, 'dashboard-ja');
    // The evidence bundle leaves through the browser and the offline verifier accepts it.
    const [bundle] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '証跡バンドルをダウンロード' }).click(),
    ]);
    const tar = join(mkdtempSync(join(tmpdir(), 'daicho-bundle-')), 'bundle.tar');
    await bundle.saveAs(tar);
    const key = (
      await t.gql<{ ledgerPublicKey: { verifierKey: string } }>(
        '{ ledgerPublicKey { verifierKey } }',
        {},
        cpo.token,
      )
    ).data!.ledgerPublicKey.verifierKey;
    const checked = spawnSync(process.execPath, [TOOL, tar, '--public-key', key], {
      encoding: 'utf8',
    });
    expect([checked.status, checked.stderr]).toEqual([0, '']);
    // English one click away.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Open requests from persons' }).waitFor();
    await shot(page, 'dashboard-en');
    await page.close();
  });

  it('finds a planted off-hours read in the access report, and drills down to it', async () => {
    const cpo = await t.loginAs(Role.CPO);
    const night = new Date(Date.now() - 2 * 86_400_000);
    const day = new Date(night.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    await t.dataSource.query(
      `INSERT INTO ledger_entries (recorded_at, actor_kind, actor_id, actor_role, action, outcome,
         target_type, target_id, subject_id, category_code, purpose_code, fields, request_id, details)
       VALUES ($1::date + time '23:40' - interval '9 hours', 'USER', $2, 'HR', 'READ', 'ALLOWED',
         'PersonalRecord', gen_random_uuid()::text, gen_random_uuid(), 'EMPLOYEE', 'PERSONNEL_ADMIN',
         '{name}', 'planted-night', '{}')`,
      [day, cpo.user.id],
    );
    await t.sealLedger();
    const page = await open('/console/access');
    await logIn(page, cpo.user.email);
    const anomaly = page.locator('li[data-kind="OFF_HOURS"]', { hasText: day });
    await anomaly.waitFor();
    await anomaly.getByRole('button').click();
    // The entries in words: the action, the outcome, the category's catalog name.
    const entries = page.getByRole('table', { name: '該当エントリ' });
    await entries.getByRole('cell', { name: '従業員' }).waitFor();
    await entries.getByRole('cell', { name: '閲覧', exact: true }).waitFor();
    await entries.getByRole('cell', { name: '許可' }).waitFor();
    await shot(page, 'access-report');
    // The period's report as a PDF from the same page, printing the checkpoint it was counted on.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'この期間のアクセスレポート（PDF）' }).click(),
    ]);
    const pdf = join(mkdtempSync(join(tmpdir(), 'daicho-pdf-')), 'access.pdf');
    await file.saveAs(pdf);
    const text = (await pdfToText(readFileSync(pdf), { layout: false })).replace(/\s+/g, ' ');
    await t.sealLedger();
    const [exported] = await t.ledgerRows(
      `action = 'EXPORT' AND target_type = 'AccessReport' AND actor_id = $1`,
      [cpo.user.id],
    );
    const root = (exported?.details as { rootHash: string }).rootHash;
    expect(root).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(root);
    expect(text).toContain('業務時間外の閲覧・出力');
    await page.close();
  });

  it('works on a phone’s width and from the keyboard alone', async () => {
    const cpo = await t.loginAs(Role.CPO);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`phone: ${m.text()}`);
    });
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
    await page.goto(`${base}/console/`);
    // Sign in by keyboard: the fields and the button are reached with Tab, sent with Enter.
    await page.getByLabel('メールアドレス').focus();
    await page.keyboard.type(cpo.user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '台帳（ログ）' }).waitFor();
    // Nothing wider than the screen: tables scroll inside their cards, the page does not.
    const overflow = await page.evaluate(
      '(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)()',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Tab reaches "Verify now" and Enter presses it.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement?.textContent')) === '今すぐ検証';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('last-verified').getByText('検証済み', { exact: false }).waitFor();
    await shot(page, 'dashboard-phone');
    await page.close();
  });

  it('asks for the authenticator code after the password, and signs in with it', async () => {
    const user = await t.createUser(Role.AUDITOR);
    const first = await t.login(user.email);
    const enrolment = await t.gql<{ enrollTotp: { otpauthUri: string } }>(
      'mutation { enrollTotp { otpauthUri } }',
      {},
      first,
    );
    const secret = new URL(enrolment.data!.enrollTotp.otpauthUri).searchParams.get('secret')!;
    const now = () => Math.floor(Date.now() / 1000);
    const confirmed = await t.gql(
      'mutation($code: String!) { confirmTotp(code: $code) }',
      { code: authenticator.clone({ epoch: now() * 1000 }).generate(secret) },
      first,
    );
    expect(confirmed.errors).toBeUndefined();
    const page = await open('/console/');
    await logIn(page, user.email);
    const code = page.getByRole('textbox', { name: '認証アプリのコード' });
    await code.waitFor();
    await shot(page, 'second-step');
    await code.fill(authenticator.clone({ epoch: (now() + 30) * 1000 }).generate(secret));
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: '台帳（ログ）' }).waitFor();
    await page.close();
  });

  it('lets an auditor run a saved query in GraphiQL and see its result', async () => {
    const auditor = await t.loginAs(Role.AUDITOR);
    const page = await open('/console/graphiql');
    await logIn(page, auditor.user.email);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('checkedEntries').waitFor();
    await shot(page, 'graphiql-auditor');
    await page.close();
  });

  it('shows the public notice to anyone, without login', async () => {
    const page = await open('/public/notice');
    await page.getByRole('heading', { name: '保有個人データに関する事項の公表' }).waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Public notice on retained personal data' }).waitFor();
    await shot(page, 'public-notice');
    await page.close();
  });

  it('serves the pages under a strict content policy', async () => {
    const res = await t.http.get('/console/');
    expect(res.status).toBe(200);
    const policy = String(res.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });
});

describe('console: the session cookie and the switch', () => {
  it('takes the cookie only with the console header, and revokes it at logout', async () => {
    const t = await TestApp.start();
    try {
      const user = await t.createUser(Role.AUDITOR);
      const login = await t.http
        .post('/console/session')
        .set('content-type', 'application/json')
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      const cookie = String(login.headers['set-cookie']);
      expect(cookie).toMatch(/daicho_session=[^;]+; .*HttpOnly/);
      expect(cookie).toContain('SameSite=Strict');
      const session = cookie.split(';')[0];
      expect(JSON.stringify(login.body)).not.toContain(session!.split('=')[1]);
      type Answer = { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      const me = async (header: Record<string, string>) =>
        (
          await t.http
            .post('/graphql')
            .set({ 'content-type': 'application/json', cookie: session, ...header })
            .send({ query: '{ me { role } }' })
        ).body as Answer;
      // A form or a link from elsewhere cannot add the header: the cookie alone is no session.
      expect((await me({})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await me({ 'x-daicho-console': '1' })).data).toEqual({ me: { role: 'AUDITOR' } });
      const out = await t.http
        .post('/console/session/logout')
        .set({ 'content-type': 'application/json', cookie: session, 'x-daicho-console': '1' })
        .send({});
      expect(out.status).toBe(200);
      expect((await me({ 'x-daicho-console': '1' })).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      // A call carrying a bearer token and the cookie logs out both sessions, not only one.
      const again = await t.http
        .post('/console/session')
        .set('content-type', 'application/json')
        .send({ email: user.email, password: TEST_PASSWORD });
      const cookieAgain = String(again.headers['set-cookie']).split(';')[0];
      const bearer = await t.login(user.email);
      const both = await t.http
        .post('/console/session/logout')
        .set({
          'content-type': 'application/json',
          cookie: cookieAgain,
          'x-daicho-console': '1',
          authorization: `Bearer ${bearer}`,
        })
        .send({});
      expect(both.status).toBe(200);
      const viaCookie = await t.http
        .post('/graphql')
        .set({ 'content-type': 'application/json', cookie: cookieAgain, 'x-daicho-console': '1' })
        .send({ query: '{ me { role } }' });
      expect((viaCookie.body as Answer).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const viaBearer = await t.gql('{ me { role } }', {}, bearer);
      expect(viaBearer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const wrong = await t.http
        .post('/console/session')
        .set('content-type', 'application/json')
        .send({ email: user.email, password: 'not the password at all' });
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(wrong.body)).not.toContain('not the password');
      // A body that is not JSON is named, never quoted back (it may hold the password).
      const broken = await t.http
        .post('/console/session')
        .set('content-type', 'application/json')
        .send('{"email":"a@example.jp","password":hunter2-secret}');
      expect(broken.status).toBe(400);
      expect(JSON.stringify(broken.body)).not.toContain('hunter2');
    } finally {
      await t.close();
    }
  });

  it('marks the cookie Secure behind a trusted TLS proxy, and trusts no other’s word for it', async () => {
    const t = await TestApp.start({ TRUST_PROXY: 'loopback' });
    try {
      const user = await t.createUser(Role.AUDITOR);
      const signIn = (proto?: string) => {
        const call = t.http.post('/console/session').set('content-type', 'application/json');
        if (proto) void call.set('x-forwarded-proto', proto);
        return call.send({ email: user.email, password: TEST_PASSWORD });
      };
      expect(String((await signIn('https')).headers['set-cookie'])).toMatch(/; Secure/);
      expect(String((await signIn()).headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await t.close();
    }
    // Without TRUST_PROXY a forwarded header is anyone's claim: not believed.
    const direct = await TestApp.start();
    try {
      const user = await direct.createUser(Role.AUDITOR);
      const res = await direct.http
        .post('/console/session')
        .set({ 'content-type': 'application/json', 'x-forwarded-proto': 'https' })
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await direct.close();
    }
  });

  it('answers 404 for the pages and the sign-in when disabled, and takes no cookie', async () => {
    const t = await TestApp.start({ CONSOLE_ENABLED: 'false' });
    try {
      expect((await t.http.get('/console/')).status).toBe(404);
      const user = await t.createUser(Role.AUDITOR);
      const login = await t.http
        .post('/console/session')
        .set('content-type', 'application/json')
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(404);
      expect(login.headers['set-cookie']).toBeUndefined();
      // A live session token in the cookie counts for nothing; as a bearer it still works.
      const token = await t.login(user.email);
      const asCookie = await t.http
        .post('/graphql')
        .set({
          'content-type': 'application/json',
          cookie: `daicho_session=${token}`,
          'x-daicho-console': '1',
        })
        .send({ query: '{ me { role } }' });
      expect(
        (asCookie.body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions
          ?.code,
      ).toBe('UNAUTHENTICATED');
      expect((await t.gql('{ me { role } }', {}, token)).data).toEqual({ me: { role: 'AUDITOR' } });
    } finally {
      await t.close();
    }
  });
});
