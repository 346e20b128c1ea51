import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { percentile } from './bench-graphql';
import type { HttpLoad, HttpLoadResult } from './http-load';

/** Runs a load in a worker thread (see http-load.ts) and returns its figures. */
export function load(request: HttpLoad): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'http-load.js'), { workerData: request });
    worker.once('message', (result: HttpLoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

/** Requests a second, p50 and p99 over several rounds together. */
export function summary(rounds: HttpLoadResult[]) {
  const count = rounds.reduce((n, r) => n + r.count, 0);
  const ms = rounds.reduce((n, r) => n + r.ms, 0);
  const sorted = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    rate: (count * 1000) / ms,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}
