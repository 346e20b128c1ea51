import { Transform } from 'class-transformer';

/** Trims surrounding white space so " " counts as empty and "a@b.jp " as "a@b.jp". */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases and trims an e-mail address: addresses compare case-insensitively here. */
export const NormaliseEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;
/** Generous bound for transport; the password policy applies the real limits. */
export const MAX_PASSWORD_INPUT = 1024;
