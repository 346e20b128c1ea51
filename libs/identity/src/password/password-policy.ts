import { dictionary } from '@zxcvbn-ts/language-common';
import { BadUserInputError } from '@daicho/platform';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// ~49k passwords seen most often in breaches (ranked list bundled by zxcvbn-ts).
const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * ASVS 6.2: length 12..256 counted in characters (Unicode passphrases welcome), not one of the
 * commonly used passwords; no composition rules. Throws naming the input field.
 */
export function assertAcceptablePassword(password: string, field: string, email?: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(
      `${field} must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      [field],
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(
      `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
      [field],
    );
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    throw new BadUserInputError(
      `${field} is one of the most commonly used passwords; choose another.`,
      [field],
    );
  }
  if (email && lowered === email.toLowerCase()) {
    throw new BadUserInputError(`${field} must not be the e-mail address.`, [field]);
  }
}
