import type { Request, Response } from 'express';
import type { ErrorCode } from '../errors/domain-error';

/**
 * Answers a request refused before it reached a route, in the caller's language: a GraphQL error
 * with `extensions.code` on /graphql, `{ error: { code, message } }` on every other path. The
 * message is the server's own words, never anything the request carried.
 */
export function refuseAtEdge(
  req: Request,
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.status(status);
  if (req.path === '/graphql') {
    res.json({ errors: [{ message, extensions: { code, ...extensions } }] });
  } else {
    res.json({ error: { code, message } });
  }
}
