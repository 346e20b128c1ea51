import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, errorCodeOfStatus, httpStatusOf } from './domain-error';
import { INTERNAL_MESSAGE } from './format-graphql-error';

/** Nest's router words a miss `Cannot GET /path?query`: the client's path and query, quoted. */
export const NO_SUCH_ROUTE = 'There is no such route.';

/** An http-errors error (as body-parser throws) meant for the client: 4xx and `expose`. */
function isClientHttpError(e: unknown): e is { status: number; message: string } {
  const candidate = e as { status?: unknown; expose?: unknown };
  return (
    typeof candidate?.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    candidate.expose === true
  );
}

/**
 * The REST twin of formatGraphqlError, for plain HTTP routes (downloads): domain errors become
 * their status with `{ error: { code, message } }`; anything else a generic 500, logged in full.
 * GraphQL errors are left to Apollo's formatter.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      // A refusal to come back later says when, as the admission gate's does (RFC 9110 10.2.3).
      const retryAfter = exception.details.retryAfterSeconds;
      if (exception.code === ErrorCode.THROTTLED && typeof retryAfter === 'number')
        res.set('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
      res
        .status(httpStatusOf(exception.code))
        .json({ error: { code: exception.code, message: exception.message } });
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // A body that does not parse reaches here too, its message JSON.parse's, quoting the body.
      const unparsable =
        exception.cause instanceof SyntaxError || /\bJSON\b/.test(exception.message);
      // The product's own misses are NotFoundErrors (above): a 404 here is the router's.
      const message =
        status === 404
          ? NO_SUCH_ROUTE
          : unparsable
            ? 'The request body is not valid JSON.'
            : exception.message;
      res.status(status).json({ error: { code: errorCodeOfStatus(status), message } });
    } else if (isClientHttpError(exception)) {
      // body-parser's errors (413 too large, 400 malformed JSON) say what the client got wrong,
      // in our words: JSON.parse's own message quotes the body (a password with it).
      const message =
        exception.status === 400
          ? 'The request body is not valid JSON.'
          : exception.status === 413
            ? 'The request body is too large.'
            : 'The request was refused.';
      res
        .status(exception.status)
        .json({ error: { code: errorCodeOfStatus(exception.status), message } });
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      // The id to quote, as GraphQL's internal errors carry it in extensions.requestId.
      const id = host.switchToHttp().getRequest<{ id?: unknown }>().id;
      const requestId = typeof id === 'string' ? id : undefined;
      res.status(500).json({
        error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: INTERNAL_MESSAGE, requestId },
      });
    }
    return undefined;
  }
}
