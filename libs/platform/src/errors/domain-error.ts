/** The codes a client may see in `extensions.code`; anything else is reported as internal. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  THROTTLED = 'THROTTLED',
  /** The person was erased (APPI art. 35): their values are gone, for good. */
  SUBJECT_ERASED = 'SUBJECT_ERASED',
  /** Stored ciphertext failed authentication: altered, moved, or its key is gone. An incident. */
  DECRYPTION_FAILED = 'DECRYPTION_FAILED',
  /** An integration's mutation came without an Idempotency-Key header. */
  IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED',
  /** The Idempotency-Key was used before with another operation or other variables. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A call with the same Idempotency-Key is still running: retry after it finishes. */
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  /** The API key is limited to registered operations, and this document is not one of them. */
  PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED',
  /** Anything unexpected: the client sees a generic message and the request id, never details. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** The HTTP status of each code (REST routes); exhaustive, so a new code cannot be forgotten. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
    case ErrorCode.SUBJECT_ERASED:
    case ErrorCode.IDEMPOTENCY_IN_PROGRESS:
      return 409;
    case ErrorCode.IDEMPOTENCY_KEY_REQUIRED:
      return 400;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case ErrorCode.PERSISTED_QUERY_NOT_ALLOWED:
      return 403;
    case ErrorCode.THROTTLED:
      return 429;
    case ErrorCode.DECRYPTION_FAILED:
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
  }
}

/** The code of an HTTP status a framework error carries (REST routes): 4xx the client's doing. */
export function errorCodeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 409:
      return ErrorCode.CONFLICT;
    case 429:
      return ErrorCode.THROTTLED;
    default:
      return status >= 400 && status < 500
        ? ErrorCode.BAD_USER_INPUT
        : ErrorCode.INTERNAL_SERVER_ERROR;
  }
}

/**
 * A failure the caller can act on. Its message is shown to clients as it is, so it must never
 * hold personal data, secrets or internals; `details` carries safe, structured hints (field names).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, fields: string[] = []) {
    super(ErrorCode.BAD_USER_INPUT, message, fields.length ? { fields } : {});
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required: send a valid bearer token.') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.CONFLICT, message);
  }
}

/** Too many failed attempts: the caller may try again after `retryAfterSeconds`. */
export class ThrottledError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.THROTTLED, message, { retryAfterSeconds });
  }
}

/** The person's values were erased; nothing can be read, changed or handed over any more. */
export class SubjectErasedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.SUBJECT_ERASED, message);
  }
}

/** Sealed values that do not authenticate are refused, never returned as garbage. */
export class DecryptionFailedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.DECRYPTION_FAILED, message);
  }
}
