import type { NextFunction, Request, Response } from 'express';
import { errorCodeOfStatus } from '../errors/domain-error';
import { refuseAtEdge } from './edge-refusal';

/**
 * The request headers that let an answer become a bodiless 304 (express's `res.send` turns any
 * 2xx into one when `req.fresh`, and `If-None-Match: *` is always fresh) or a partial one.
 */
export const CONDITIONAL_HEADERS = [
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
] as const;

const HEAD_REFUSED = 'HEAD is not answered here: send GET.';

/** The probes a load balancer may ask with HEAD: they record nothing and carry no data. */
function isProbe(path: string): boolean {
  return path === '/health' || path.startsWith('/health/');
}

/**
 * Every answer goes whole to the client that asked, because a download is recorded (READ, EXPORT)
 * as the body is sent. Express runs a GET route for HEAD and sends only the headers, so HEAD is
 * refused (405) before any route runs, the health probes aside; and the conditional headers are
 * taken off every request, so no answer turns into a 304 after its use case has committed. No
 * answer here may be kept anyway (no-store): there is nothing a client could revalidate.
 */
export function wholeAnswers(req: Request, res: Response, next: NextFunction): void {
  for (const header of CONDITIONAL_HEADERS) delete req.headers[header];
  if (req.method !== 'HEAD' || isProbe(req.path)) return next();
  // The methods a client can use instead: GET reads every route HEAD could have reached.
  res.set('allow', req.path === '/graphql' ? 'GET, POST' : 'GET');
  refuseAtEdge(req, res, 405, errorCodeOfStatus(405), HEAD_REFUSED);
}
