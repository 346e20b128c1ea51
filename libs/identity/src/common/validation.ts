import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

const MAX_NAME_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
/** Generous bound for transport; the password policy applies the real limits. */
const MAX_PASSWORD_INPUT = 1024;

/** Trims surrounding white space so " " counts as empty and "a@b.jp " as "a@b.jp". */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** An e-mail address, trimmed and lower-cased: addresses compare case-insensitively here. */
export const EmailAddress = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() : value,
    ),
    IsEmail({}, { message: 'email must be a valid e-mail address' }),
    MaxLength(MAX_EMAIL_LENGTH),
  );

/** A name or label a person types (display name, department): trimmed, not empty, bounded. */
export const NameText = (): PropertyDecorator =>
  applyDecorators(Trim(), IsString(), IsNotEmpty(), MaxLength(MAX_NAME_LENGTH));

/** A password as sent; never trimmed or folded (ASVS 6.2.8), only bounded for transport. */
export const PasswordText = (): PropertyDecorator =>
  applyDecorators(IsString(), MaxLength(MAX_PASSWORD_INPUT));
