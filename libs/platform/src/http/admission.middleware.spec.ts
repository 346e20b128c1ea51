import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { admissionMiddleware } from './admission.middleware';

/** A response as far as the middleware uses it: its events, and a status it may set. */
function response(): Response & EventEmitter {
  const res = new EventEmitter() as Response & EventEmitter;
  Object.assign(res, {
    status: () => res,
    set: () => res,
    json: () => res,
  });
  return res;
}
const request = { path: '/graphql' } as Request;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('admissionMiddleware', () => {
  it('gives the turn of a client that left while it waited back at once', async () => {
    const middleware = admissionMiddleware({ maxInFlight: 1, maxQueued: 10, queueWaitMs: 60_000 });
    const served: string[] = [];
    const run = (name: string, res: Response) =>
      middleware(request, res, (() => served.push(name)) as NextFunction);
    const first = response();
    run('first', first);
    await settle();
    // Thirty clients wait, and leave (reset) before a turn comes.
    const gone = Array.from({ length: 30 }, () => response());
    gone.forEach((res, i) => run(`gone ${i}`, res));
    await settle();
    for (const res of gone) res.emit('close');
    first.emit('finish');
    first.emit('close');
    await settle();
    // None of them was served, and the next client is: no turn was lost.
    const next = response();
    run('next', next);
    await settle();
    expect(served).toEqual(['first', 'next']);
    expect(middleware.gate.load).toMatchObject({ inFlight: 1, waiting: 0 });
  });
});
