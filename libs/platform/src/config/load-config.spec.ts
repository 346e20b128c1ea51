import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DAICHO_DATA_DIR: './.data',
      ARGON2_MEMORY_KIB: 19456,
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
});
