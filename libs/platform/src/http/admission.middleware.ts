import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../errors/domain-error';
import { AdmissionGate, type AdmissionLimits } from './admission-gate';
import { refuseAtEdge } from './edge-refusal';

/** Seconds a refused client is told to wait before it tries again. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
const BUSY_MESSAGE = `The server is busy; retry after ${BUSY_RETRY_AFTER_SECONDS} s.`;

/**
 * Express middleware that admits requests through an AdmissionGate and answers the ones it
 * refuses with 503 and Retry-After, in the caller's language: a GraphQL error with
 * `extensions.code` THROTTLED on /graphql, `{ error: { code, message } }` elsewhere. The health
 * probes bypass it: a busy server is alive and, for a load balancer, still ready.
 */
export function admissionMiddleware(
  limits: AdmissionLimits,
  onRefused: (load: AdmissionGate['load']) => void = () => undefined,
) {
  const gate = new AdmissionGate(limits);
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/health')) return next();
    // A client may go while its request waits for a turn; its 'close' has then been and gone,
    // and a response to a closed socket never finishes: the turn would be lost for good.
    let gone = false;
    res.once('close', () => (gone = true));
    void gate.admit().then((release) => {
      if (release && gone) return release();
      if (!release) {
        onRefused(gate.load);
        res.set('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
        refuseAtEdge(req, res, 503, ErrorCode.THROTTLED, BUSY_MESSAGE, {
          retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        });
        return;
      }
      // Answered or abandoned by the client: either way the turn is free again.
      res.once('finish', release);
      res.once('close', release);
      next();
    });
  };
  return Object.assign(middleware, { gate });
}
