import { checkWebhookUrl, parseAllowedHosts } from './allowed-hosts';

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  const allowed = parseAllowedHosts(
    'hooks.example.jp, http:127.0.0.1:8080,[::1]:9443,HR.example.jp:8443',
  );

  it('parses host[:port] entries, http: prefixes and bracketed IPv6', () => {
    expect(allowed).toEqual([
      { host: 'hooks.example.jp', port: null, http: false },
      { host: '127.0.0.1', port: 8080, http: true },
      { host: '[::1]', port: 9443, http: false },
      { host: 'hr.example.jp', port: 8443, http: false },
    ]);
    expect(parseAllowedHosts('')).toEqual([]);
    expect(() => parseAllowedHosts('a.jp:99999')).toThrow(/no valid port/);
    expect(() => parseAllowedHosts('a.jp:0')).toThrow(/no valid port/);
    expect(() => parseAllowedHosts('::1')).toThrow(/host\[:port\]/);
    expect(() => parseAllowedHosts('a:b:c')).toThrow(/host\[:port\]/);
    expect(() => parseAllowedHosts('a.jp:x')).toThrow(/host\[:port\]/);
  });

  it.each([
    ['https://hooks.example.jp/daicho', true],
    ['https://HOOKS.example.jp:443/x?y=1', true],
    ['http://127.0.0.1:8080/hook', true],
    ['https://127.0.0.1:8080/hook', true],
    ['https://[::1]:9443/', true],
    ['https://hr.example.jp:8443/', true],
  ])('allows %s', (url, ok) => {
    expect('url' in checkWebhookUrl(url, allowed)).toBe(ok);
  });

  it.each([
    ['http://hooks.example.jp/daicho', 'scheme'],
    ['https://hooks.example.jp:8443/', 'host not allowed'],
    ['https://evil.example.jp/', 'host not allowed'],
    ['https://hooks.example.jp.evil.jp/', 'host not allowed'],
    ['https://127.0.0.1:8081/', 'host not allowed'],
    ['https://hr.example.jp/', 'host not allowed'],
    ['https://user:pw@hooks.example.jp/', 'credentials'],
    ['https://hooks.example.jp/#x', 'fragment'],
    ['ftp://hooks.example.jp/', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['hooks.example.jp/daicho', 'not a URL'],
    ['http://169.254.169.254/latest/meta-data', 'host not allowed'],
  ])('refuses %s (%s)', (url, problem) => {
    expect(checkWebhookUrl(url, allowed)).toEqual({ problem });
  });

  it('measures the URL as it will be sent, not as typed', () => {
    expect(checkWebhookUrl(`https://hooks.example.jp/${'é'.repeat(1000)}`, allowed)).toEqual({
      problem: 'too long',
    });
  });

  it('allows nothing when the setting is empty', () => {
    expect(checkWebhookUrl('https://hooks.example.jp/', [])).toEqual({
      problem: 'host not allowed',
    });
  });
});
