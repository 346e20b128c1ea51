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
