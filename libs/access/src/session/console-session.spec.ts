import { CONSOLE_HEADER, SESSION_COOKIE, consoleSessionToken } from './console-session';

describe("the console's session cookie", () => {
  const headers = (cookie: string, console = '1') => ({ cookie, [CONSOLE_HEADER]: console });

  it("counts only with the console's header", () => {
    expect(consoleSessionToken(headers(`${SESSION_COOKIE}=abc`))).toBe('abc');
    expect(consoleSessionToken(headers(`${SESSION_COOKIE}=abc`, '0'))).toBeNull();
    expect(consoleSessionToken({ cookie: `${SESSION_COOKIE}=abc` })).toBeNull();
  });

  it('takes no session when the name comes twice (a cookie tossed by a sibling host)', () => {
    expect(
      consoleSessionToken(headers(`${SESSION_COOKIE}=planted; other=1; ${SESSION_COOKIE}=own`)),
    ).toBeNull();
    expect(consoleSessionToken(headers(` ${SESSION_COOKIE}=a;${SESSION_COOKIE} =b`))).toBeNull();
    // A longer name that merely starts with it is another cookie.
    expect(consoleSessionToken(headers(`${SESSION_COOKIE}_x=1; ${SESSION_COOKIE}=own`))).toBe(
      'own',
    );
  });

  it('never takes an API key from a cookie', () => {
    expect(consoleSessionToken(headers(`${SESSION_COOKIE}=dk_secret`))).toBeNull();
  });
});
