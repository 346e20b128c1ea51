import { GraphQLError } from 'graphql';
import {
  BadUserInputError,
  DecryptionFailedError,
  DomainError,
  ErrorCode,
  errorCodeOfStatus,
  httpStatusOf,
  SubjectErasedError,
  ThrottledError,
} from './domain-error';
import { formatGraphqlError, INTERNAL_MESSAGE } from './format-graphql-error';

/** As Apollo hands a resolver's error to the formatter: wrapped, with the field's path. */
const formatted = (error: Error) =>
  formatGraphqlError(
    { message: error.message, path: ['record'] },
    new GraphQLError(error.message, { originalError: error, path: ['record'] }),
  );

describe('formatGraphqlError', () => {
  it('carries the specific codes as extensions.code', () => {
    expect(formatted(new SubjectErasedError('The person was erased.')).extensions).toEqual({
      code: 'SUBJECT_ERASED',
    });
    expect(formatted(new DecryptionFailedError('Altered.')).extensions).toEqual({
      code: 'DECRYPTION_FAILED',
    });
    expect(formatted(new ThrottledError('Wait.', 30)).extensions).toEqual({
      code: 'THROTTLED',
      retryAfterSeconds: 30,
    });
    expect(formatted(new BadUserInputError('Bad.', ['from'])).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['from'],
    });
  });

  it('lets no other detail of a domain error out', () => {
    const error = new DomainError(ErrorCode.CONFLICT, 'Changed meanwhile.', { sql: 'SELECT 1' });
    expect(formatted(error).extensions).toEqual({ code: 'CONFLICT' });
  });

  it('hides anything that is not a domain error', () => {
    const result = formatted(new Error('relation "users" does not exist'));
    expect(result).toMatchObject({
      message: INTERNAL_MESSAGE,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('maps every code to an HTTP status', () => {
    const statuses = Object.values(ErrorCode).map((code) => [code, httpStatusOf(code)]);
    expect(Object.fromEntries(statuses)).toEqual({
      BAD_USER_INPUT: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      THROTTLED: 429,
      SUBJECT_ERASED: 409,
      DECRYPTION_FAILED: 500,
      IDEMPOTENCY_KEY_REQUIRED: 400,
      IDEMPOTENCY_KEY_REUSED: 422,
      IDEMPOTENCY_IN_PROGRESS: 409,
      PERSISTED_QUERY_NOT_ALLOWED: 403,
      INTERNAL_SERVER_ERROR: 500,
    });
  });

  it('names the code of a framework error by its HTTP status, the client’s own 4xx as input', () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500, 502].map(errorCodeOfStatus)).toEqual([
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'BAD_USER_INPUT',
      'THROTTLED',
      'INTERNAL_SERVER_ERROR',
      'INTERNAL_SERVER_ERROR',
    ]);
  });
});
