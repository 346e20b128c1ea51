import { assertAcceptablePassword } from './password-policy';

describe('password policy', () => {
  it.each([
    ['too short', 'elevenchars'],
    ['too long', 'x'.repeat(257)],
    ['common', 'qwerty123456'],
    ['common, other case', 'QWERTY123456'],
    ['the e-mail address', 'someone@example.jp'],
  ])('refuses a password that is %s', (_why, password) => {
    expect.assertions(1);
    try {
      assertAcceptablePassword(password, 'password', 'someone@example.jp');
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: ['password'] } });
    }
  });

  it('counts characters, not bytes: 12 kanji are enough', () => {
    expect(() => assertAcceptablePassword('個人情報保護法第二十七条', 'password')).not.toThrow();
  });
});
