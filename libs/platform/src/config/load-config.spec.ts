import { configVariables, ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DAICHO_DATA_DIR: './.data',
      ARGON2_MEMORY_KIB: 19456,
      REQUEST_TARGET_BUSINESS_DAYS: 10,
      REQUEST_FEE_YEN: 1000,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.introspectionEnabled).toBe(true);
  });

  it('turns introspection off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspectionEnabled).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspectionEnabled,
    ).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'localhost:5432'],
    ['ARGON2_MEMORY_KIB', '1024'],
    ['NODE_ENV', 'staging'],
    ['TRUST_PROXY', 'everyone; rm -rf'],
    ['LOGIN_FAILURES_PER_ACCOUNT', '0'],
    ['LOGIN_FAILURES_PER_ACCOUNT_CEILING', '101'],
    ['LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS', '60'],
    ['REQUEST_TARGET_BUSINESS_DAYS', '0'],
    ['REQUEST_FEE_YEN', 'free'],
    ['REQUEST_OFFICE_EMAIL', 'x'],
  ])('names %s when it is %s', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${variable} `),
    );
  });

  it('reads TRUST_PROXY as Express means it', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('refuses a webhook host list it cannot read, at start rather than at the first delivery', () => {
    expect(
      loadConfig({ WEBHOOK_ALLOWED_HOSTS: 'hooks.example.jp,http:127.0.0.1:8080' }),
    ).toBeTruthy();
    for (const bad of ['::1', 'a:b:c', 'hooks.example.jp:0', 'hooks.example.jp:99999'])
      expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: bad })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });

  it('takes single sign-on whole or not at all, https unless the provider is on this machine', () => {
    const sso = {
      OIDC_ISSUER: 'https://login.example.jp/realms/corp',
      OIDC_CLIENT_ID: 'daicho',
      OIDC_REDIRECT_URL: 'https://daicho.example.jp/auth/sso/callback',
    };
    expect(loadConfig(sso).ssoEnabled).toBe(true);
    expect(loadConfig({}).ssoEnabled).toBe(false);
    expect(() => loadConfig({ OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConfig({ ...sso, OIDC_ISSUER: 'http://login.example.jp' })).toThrow(
      /OIDC_ISSUER/,
    );
    expect(loadConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:9000' }).ssoEnabled).toBe(true);
    expect(() => loadConfig({ ...sso, OIDC_REDIRECT_URL: 'https://daicho.example.jp/x' })).toThrow(
      /OIDC_REDIRECT_URL/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).PORT).toBe(3000);
  });

  it('reads the optional variables (no default) from their rules, and nothing else', () => {
    expect(configVariables()).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'GRAPHQL_INTROSPECTION',
        'LEDGER_SIGNING_KEY_FILE',
        'LEDGER_PSEUDONYM_KEY_FILE',
        'LEDGER_CHECKPOINT_LOG',
        'HOLDINGS_MASTER_KEY_FILE',
        'HOLDINGS_INDEX_KEY_FILE',
        'HOLDINGS_ERASURE_JOURNAL_FILE',
      ]),
    );
    expect(configVariables()).not.toContain('trustProxy');
    const config = loadConfig({
      HOLDINGS_INDEX_KEY_FILE: '/keys/index.key',
      LEDGER_CHECKPOINT_LOG: '/logs/checkpoints',
      NOT_A_SETTING: 'ignored',
    });
    expect(config.HOLDINGS_INDEX_KEY_FILE).toBe('/keys/index.key');
    expect(config.LEDGER_CHECKPOINT_LOG).toBe('/logs/checkpoints');
    expect(config).not.toHaveProperty('NOT_A_SETTING');
  });
});
