import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { raw } from 'express';
import { ErrorCode } from '../errors/domain-error';
import { refuseAtEdge } from './edge-refusal';

/** The one media type read as raw bytes (files of personal records). */
export const RAW_BODY_TYPE = 'application/octet-stream';

const UNREAD_MESSAGE =
  'This path takes JSON (application/json); raw bytes (application/octet-stream) are taken only where a file is uploaded.';

/**
 * The raw-bytes parser, with the one route's own size limit, for that route alone (its method and
 * path): mounted for every path it read up to the file limit (megabytes) into memory for any
 * request, before authentication.
 */
export function rawBodyParser(limit: number): RequestHandler {
  return raw({ limit, type: RAW_BODY_TYPE });
}

/**
 * After the parsers: a raw body nobody read (any path but the file route's) is refused at once
 * with 415, unread, instead of reaching a route that would take it for a missing one.
 */
export function unreadRawBodiesRefused(req: Request, res: Response, next: NextFunction): void {
  if (req.body === undefined && req.is(RAW_BODY_TYPE)) {
    refuseAtEdge(req, res, 415, ErrorCode.BAD_USER_INPUT, UNREAD_MESSAGE);
    return;
  }
  next();
}
