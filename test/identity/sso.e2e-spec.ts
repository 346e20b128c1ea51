import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '@daicho/platform';
import { authenticator } from 'otplib';
import { chromium } from 'playwright-core';
import { chromiumOrSkip } from '../console/browser';
import { exited, launch, type Proc } from '../harness/child-server';
import { serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';

jest.setTimeout(180_000);

const CONSOLE_HEADER = { 'x-daicho-console': '1' };

/** A browser without a window: follows redirects by hand and keeps cookies per name. */
class Browser {
  readonly cookies = new Map<string, string>();

  async visit(start: string, account: string): Promise<URL> {
    let url = new URL(start);
    let form: URLSearchParams | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const res = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form?.toString(),
      });
      form = undefined;
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        const value = pair.slice(at + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line))
          this.cookies.delete(pair.slice(0, at));
        else this.cookies.set(pair.slice(0, at), value);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      // The provider's development pages: a sign-in form, then a consent form.
      const html = await res.text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
      if (res.status === 200 && url.pathname.startsWith('/interaction/') && prompt) {
        form = new URLSearchParams({ prompt, login: account, password: 'any' });
        continue;
      }
      return url;
    }
    throw new Error('too many redirects');
  }
}

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, run
 * beside the test) and the built server: authorization code with PKCE; the user is found by a
 * verified e-mail address and keeps the role given in Daicho; unknown, unverified and disabled
 * people get no session; a user with an authenticator still takes the second step; the password
 * sign-in stays.
 */
describe('identity: single sign-on with OpenID Connect', () => {
  let control: TestApp;
  let idp: Proc;
  let server: Proc;
  let origin: string;

  const me = async (cookies: Map<string, string>) => {
    const res = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `daicho_session=${cookies.get('daicho_session') ?? ''}`,
        ...CONSOLE_HEADER,
      },
      body: JSON.stringify({ query: '{ me { email role } }' }),
    });
    return (await res.json()) as {
      data?: { me: { email: string; role: string } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
  };
  const ssoEntries = () =>
    control.dataSource.query<{ action: string; details: Record<string, unknown> }[]>(
      `SELECT action, details FROM ledger_entries WHERE details->>'method' = 'sso' ORDER BY recorded_at`,
    );

  beforeAll(async () => {
    control = await TestApp.start({ WEBHOOK_RELAY_MS: '0' });
    const [idpPort, port] = [await freeLoopbackPort(), await freeLoopbackPort()];
    origin = `http://127.0.0.1:${port}`;
    const secret = randomBytes(24).toString('hex');
    const secretFile = join(control.dataDir, 'oidc-client-secret');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    const redirect = `${origin}/auth/sso/callback`;
    const consoleDir = mkdtempSync(join(tmpdir(), 'daicho-console-'));
    const built = spawnSync(
      process.execPath,
      [join(__dirname, '../../apps/console/build.mjs'), consoleDir],
      { encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`console build failed: ${built.stderr}`);
    idp = await launch(
      process.execPath,
      [
        join(__dirname, '../harness/oidc-provider.mjs'),
        String(idpPort),
        'daicho',
        secret,
        redirect,
      ],
      {},
      'oidc provider ready',
    );
    server = await launch(
      process.execPath,
      [join(serverBuild(), 'dist/apps/api/src/main.js')],
      {
        DATABASE_URL: control.adminUrl,
        PORT: String(port),
        DAICHO_DATA_DIR: control.dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        RETENTION_SWEEP_HOURS: '0',
        OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
        OIDC_CLIENT_ID: 'daicho',
        OIDC_CLIENT_SECRET_FILE: secretFile,
        OIDC_REDIRECT_URL: redirect,
        OIDC_EMAIL_DOMAINS: 'example.jp',
        CONSOLE_DIR: consoleDir,
      },
      'GraphQL API ready',
    );
  });
  afterAll(async () => {
    for (const proc of [server, idp]) if (proc?.child.exitCode === null) proc.child.kill('SIGTERM');
    if (server) await exited(server);
    if (idp) await exited(idp);
    await control?.close();
  });

  it('signs a known user in through the provider, with the role Daicho gave them', async () => {
    // A new user still holding the one-time password: single sign-on does not need it changed.
    const user = await control.createUser(Role.HR, {
      email: 'sso.hr@example.jp',
      mustChangePassword: true,
    });
    const status = await (await fetch(`${origin}/auth/sso`)).json();
    expect(status).toEqual({ enabled: true });
    const browser = new Browser();
    const landed = await browser.visit(`${origin}/auth/sso/start`, 'SSO.HR@example.jp');
    expect(landed.href).toBe(`${origin}/console/`);
    expect(browser.cookies.has('daicho_sso_state')).toBe(false);
    expect(await me(browser.cookies)).toEqual({ data: { me: { email: user.email, role: 'HR' } } });
    const [login] = (await ssoEntries()).filter((e) => e.action === 'LOGIN');
    expect(login?.details).toEqual({ method: 'sso' });
    const catalog = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `daicho_session=${browser.cookies.get('daicho_session')}`,
        ...CONSOLE_HEADER,
      },
      body: JSON.stringify({ query: '{ dataCategories { code } }' }),
    });
    const answer = (await catalog.json()) as { data?: { dataCategories: unknown[] } };
    expect(answer.data?.dataCategories.length).toBeGreaterThan(0);
    // The user is now tied to that provider account: another one given the same address is refused.
    const other = new Browser();
    expect((await other.visit(`${origin}/auth/sso/start`, 'sso.hr@example.jp')).href).toBe(
      `${origin}/console/?sso=failed`,
    );
    const [refused] = (await ssoEntries()).filter((e) => e.action === 'LOGIN_FAILED');
    expect(refused?.details.reason).toBe('provider account changed');
    const again = new Browser();
    expect((await again.visit(`${origin}/auth/sso/start`, 'SSO.HR@example.jp')).href).toBe(
      `${origin}/console/`,
    );
  });

  it("takes a person from the console's link through the provider's pages and back, signed in", async () => {
    const executablePath = chromiumOrSkip();
    if (!executablePath) return;
    await control.createUser(Role.AUDITOR, { email: 'sso.auditor@example.jp' });
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/console/`);
      await page.getByRole('link', { name: /社内アカウント|company account/ }).click();
      // The provider's own sign-in and consent pages.
      await page.locator('input[name="login"]').fill('sso.auditor@example.jp');
      await page.locator('input[name="password"]').fill('whatever the provider checks');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${origin}/console/`);
      await page.getByText('(AUDITOR)').waitFor();
      // A refused return lands on the sign-in form with one line saying so.
      await page.context().clearCookies();
      await page.goto(`${origin}/console/?sso=failed`);
      await page
        .getByRole('alert')
        .filter({ hasText: /社内アカウント|company account/ })
        .waitFor();
    } finally {
      await browser.close();
    }
  });

  it('opens no session for an unknown, unverified or disabled person, and says only "failed"', async () => {
    await control.createUser(Role.SALES, { email: 'left@example.jp' });
    await control.changedBySql(
      `UPDATE users SET status = 'DISABLED' WHERE email = 'left@example.jp'`,
    );
    await control.createUser(Role.SALES, { email: 'unverified@example.jp' });
    await control.createUser(Role.SALES, { email: 'outsider@example.com' });
    await control.createUser(Role.ADMIN, { email: 'sso.admin@example.jp' });
    const before = (await ssoEntries()).length;
    for (const account of [
      'nobody@example.jp',
      'unverified:unverified@example.jp',
      'left@example.jp',
      'outsider@example.com', // OIDC_EMAIL_DOMAINS is example.jp
      'sso.admin@example.jp', // OIDC_EXCLUDED_ROLES: ADMIN signs in by password
      'ｌｅｆｔ@example.jp', // full-width look-alike
    ]) {
      const browser = new Browser();
      const landed = await browser.visit(`${origin}/auth/sso/start`, account);
      expect(landed.href).toBe(`${origin}/console/?sso=failed`);
      expect(browser.cookies.has('daicho_session')).toBe(false);
    }
    const reasons = (await ssoEntries())
      .slice(before)
      .filter((e) => e.action === 'LOGIN_FAILED')
      .map((e) => e.details.reason);
    expect(reasons).toEqual([
      'unknown account',
      'no verified e-mail',
      'account not active',
      'domain not allowed',
      'role signs in by password',
      'no verified e-mail',
    ]);
    // The unknown address is in the ledger as its keyed hash only.
    const all = JSON.stringify(await ssoEntries());
    expect(all).not.toContain('nobody@example.jp');
    expect(all).toContain('emailPseudonym');
  });

  it("refuses a return that is not this browser's, or comes twice", async () => {
    const start = await fetch(`${origin}/auth/sso/start`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    // Another browser (no state cookie) brings back a state: login CSRF refused.
    const forged = await fetch(`${origin}/auth/sso/callback?code=abc&state=${state}`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/console/?sso=failed');
    // With the cookie but a made-up code: the provider refuses the exchange.
    const made = await fetch(`${origin}/auth/sso/callback?code=made-up&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: `daicho_sso_state=${state}` },
    });
    expect(made.headers.get('location')).toBe('/console/?sso=failed');
    // The attempt was used up by that try: the same state again finds nothing.
    const again = await fetch(`${origin}/auth/sso/callback?code=made-up&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: `daicho_sso_state=${state}` },
    });
    expect(again.headers.get('location')).toBe('/console/?sso=failed');
    const reasons = (await ssoEntries()).map((e) => e.details.reason).slice(-3);
    expect(reasons).toEqual(['state mismatch', 'provider refused', 'attempt expired']);
  });

  it('still asks for the authenticator code of a user who set one up, and keeps password sign-in', async () => {
    const user = await control.createUser(Role.CPO, { email: 'sso.cpo@example.jp' });
    const token = await control.login(user.email);
    const enrolment = await control.gql<{ enrollTotp: { otpauthUri: string } }>(
      `mutation { enrollTotp { otpauthUri } }`,
      {},
      token,
    );
    const seed = new URL(enrolment.data!.enrollTotp.otpauthUri).searchParams.get('secret')!;
    await control.gql(
      `mutation($code: String!) { confirmTotp(code: $code) }`,
      { code: authenticator.generate(seed) },
      token,
    );
    const browser = new Browser();
    const landed = await browser.visit(`${origin}/auth/sso/start`, user.email);
    expect(landed.href).toBe(`${origin}/console/?sso=mfa`);
    // The half-session opens nothing but the second step.
    expect((await me(browser.cookies)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const second = await fetch(`${origin}/console/session/mfa`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `daicho_session=${browser.cookies.get('daicho_session')}`,
        ...CONSOLE_HEADER,
      },
      body: JSON.stringify({
        code: authenticator.clone({ epoch: Date.now() + 30_000 }).generate(seed),
      }),
    });
    expect(second.status).toBe(200);
    const full = second.headers.getSetCookie().find((c) => c.startsWith('daicho_session='))!;
    const cookies = new Map([['daicho_session', full.split(';')[0]!.split('=')[1]!]]);
    expect((await me(cookies)).data?.me.role).toBe('CPO');
    // Break-glass: the password still signs in (then the same second step).
    const password = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: LoginInput!) { login(input: $i) { mfaRequired } }',
        variables: { i: { email: user.email, password: 'a long enough test passphrase' } },
      }),
    });
    expect(await password.json()).toEqual({ data: { login: { mfaRequired: true } } });
  });

  it('holds one address to its sign-in budget: a flood of returns stops before the provider', async () => {
    const answers = [];
    for (let n = 0; n < 35; n++) {
      const res = await fetch(`${origin}/auth/sso/callback?code=x&state=y`, {
        redirect: 'manual',
        headers: { cookie: 'daicho_sso_state=y' },
      });
      answers.push(res.headers.get('location'));
    }
    expect(new Set(answers)).toEqual(new Set(['/console/?sso=failed']));
    const reasons = (await ssoEntries()).map((e) => e.details.reason);
    expect(reasons.at(-1)).toBe('throttled');
  });
});
