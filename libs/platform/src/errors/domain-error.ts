/** The codes a client may see in `extensions.code`; anything else is reported as internal. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  THROTTLED = 'THROTTLED',
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
