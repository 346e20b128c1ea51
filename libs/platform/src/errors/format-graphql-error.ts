import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error';
import { explainedQueryLimit } from './query-limit-messages';
import { withoutEchoedValue } from './coercion-messages';
import { withoutEchoedToken } from './syntax-messages';

/** Codes Apollo itself produces for malformed operations; their messages name only what was sent. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
};

/**
 * What of a domain error's details a client sees, per code; exhaustive, so a new code has to
 * decide. Only the structured hints below ever leave the server.
 */
function clientExtensions(error: DomainError): Record<string, unknown> {
  const { code, details } = error;
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return details.fields ? { code, fields: details.fields } : { code };
    case ErrorCode.THROTTLED:
      return { code, retryAfterSeconds: details.retryAfterSeconds };
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.CONFLICT:
    case ErrorCode.SUBJECT_ERASED:
    case ErrorCode.DECRYPTION_FAILED:
    case ErrorCode.IDEMPOTENCY_KEY_REQUIRED:
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.IDEMPOTENCY_IN_PROGRESS:
    case ErrorCode.PERSISTED_QUERY_NOT_ALLOWED:
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return { code };
  }
}

export const INTERNAL_MESSAGE =
  'Internal server error. The incident was logged; quote the request id (extensions.requestId) when you report it.';

/**
 * The one mapping from what went wrong to what a client sees. Domain errors keep their code and
 * message; Apollo's request errors pass through with any value the client sent taken out (a
 * badly typed variable may hold a password, a stray token an e-mail address); everything else becomes a generic internal error
 * (logged in full by the error-logging plugin, which also adds the request id).
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // A domain error thrown from a request hook (a plugin) reaches here wrapped once more.
  const inner = (unwrapped as { originalError?: unknown } | null)?.originalError;
  const original = inner instanceof DomainError ? inner : unwrapped;
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: clientExtensions(original),
    };
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()];
    if (code) return { ...base, message: original.message, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code) && original === error) {
    const limit = explainedQueryLimit(formatted.message);
    if (limit) return { ...base, message: limit, extensions: { code } };
    // A parse failure, whether Apollo's parse or graphql-armor's (which calls it a validation).
    const syntax = withoutEchoedToken(formatted.message);
    if (syntax) {
      const extensions = { code: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED };
      return { ...base, message: syntax, extensions };
    }
    const reason = (error as { originalError?: { message?: unknown } }).originalError?.message;
    const rewritten = withoutEchoedValue(
      formatted.message,
      typeof reason === 'string' ? reason : undefined,
    );
    if (rewritten) {
      const extensions: Record<string, unknown> = { code: ErrorCode.BAD_USER_INPUT };
      if (rewritten.field) extensions.fields = [rewritten.field];
      return { ...base, message: rewritten.message, extensions };
    }
    const extensions: Record<string, unknown> = { code };
    for (const key of ['validationErrorCode', 'fields'] as const) {
      const value = formatted.extensions?.[key];
      if (value) extensions[key] = value;
    }
    return { ...base, message: formatted.message, extensions };
  }
  return {
    ...base,
    message: INTERNAL_MESSAGE,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
