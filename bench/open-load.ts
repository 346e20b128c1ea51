import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The clients' connections, as a reverse proxy keeps them: kept alive and at most this many to
 * the server; calls beyond wait in the client, and that wait counts in their latency.
 */
const CONNECTIONS = 256;

/** One POST; its status, Retry-After and parsed body. */
function post(agent: Agent, url: URL, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; retryAfter: string | undefined; json: unknown }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                retryAfter: res.headers['retry-after'],
                json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
              });
            } catch {
              reject(new Error(`an answer that is not JSON (HTTP ${res.statusCode})`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

/** One kind of call in a mix: its class, whose token, and its body (`__N__` made unique per call). */
export interface LoadCall {
  name: string;
  cls: 'read' | 'list' | 'mutation' | 'login';
  token: string | null;
  body: string;
  /** An integration's mutation carries a fresh Idempotency-Key. */
  idempotencyKey?: boolean;
}

export interface OpenLoad {
  url: string;
  /** Arrivals a second, whatever the answers (open model); 0 with `concurrency` for closed loops. */
  rate: number;
  /** Closed model: this many clients, each sending its next call when the last is answered. */
  concurrency?: number;
  seconds: number;
  mix: { call: LoadCall; weight: number }[];
  /** Calls fired all at once this many seconds into the run (e.g. 20 logins). */
  burst?: { atSeconds: number; calls: LoadCall[] };
}

export interface ClassFigures {
  latencies: number[];
  /** When each answered call was sent, in ms from the run's start (the same order as latencies). */
  sentAt: number[];
  ok: number;
  /** 503 with Retry-After, or a GraphQL error THROTTLED. */
  throttled: number;
  /** Any other 5xx, or a GraphQL error that is not THROTTLED. */
  failed: number;
  retryAfterSeen: number;
  /** What the failures were (HTTP status, GraphQL code or the client's error), counted. */
  failures: Record<string, number>;
}

export interface OpenLoadResult {
  ms: number;
  sent: number;
  byClass: Record<string, ClassFigures>;
  burst: ClassFigures;
  /** When the run started, in ms since the epoch (the trace's clock). */
  startedAt: number;
}

const blank = (): ClassFigures => ({
  latencies: [],
  sentAt: [],
  ok: 0,
  throttled: 0,
  failed: 0,
  retryAfterSeen: 0,
  failures: {},
});
const note = (into: ClassFigures, what: string) => {
  into.failed++;
  into.failures[what] = (into.failures[what] ?? 0) + 1;
};

/**
 * The load generator of `npm run bench -- load`, in a worker thread so that it does not share
 * the server's event loop: calls arrive at a fixed rate however slow the answers (the open model
 * a busy office's traffic follows), or from a fixed number of clients (closed model, to find
 * capacity).
 */
async function run(load: OpenLoad): Promise<OpenLoadResult> {
  const byClass: Record<string, ClassFigures> = {};
  const burst = blank();
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(load.url);
  const total = load.mix.reduce((n, m) => n + m.weight, 0);
  let n = 0;
  const pick = (): LoadCall => {
    let r = Math.random() * total;
    for (const m of load.mix) if ((r -= m.weight) < 0) return m.call;
    return load.mix[0]!.call;
  };
  const started = performance.now();
  const send = async (call: LoadCall, into: ClassFigures) => {
    const id = ++n;
    const t0 = performance.now();
    try {
      const res = await post(
        agent,
        target,
        {
          'content-type': 'application/json',
          ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
          ...(call.idempotencyKey ? { 'idempotency-key': `bench-${process.pid}-${id}` } : {}),
        },
        call.body.replaceAll('__N__', String(id)),
      );
      const body = res.json as { errors?: { extensions?: { code?: string } }[] };
      const code = body.errors?.[0]?.extensions?.code;
      if (res.retryAfter) into.retryAfterSeen++;
      if (res.status === 503 || code === 'THROTTLED') into.throttled++;
      else if (res.status >= 500 || body.errors) note(into, `${res.status} ${code ?? ''}`.trim());
      else {
        into.ok++;
        into.latencies.push(performance.now() - t0);
        into.sentAt.push(t0 - started);
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      note(into, cause?.code ?? cause?.message ?? String(error));
    }
  };
  const figures = (call: LoadCall) => (byClass[call.cls] ??= blank());
  const until = started + load.seconds * 1000;
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  if (load.burst) {
    const { atSeconds, calls } = load.burst;
    setTimeout(() => calls.forEach((c) => track(send(c, burst))), atSeconds * 1000);
  }
  if (load.concurrency) {
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (performance.now() < until) {
          const call = pick();
          await send(call, figures(call));
        }
      }),
    );
  } else {
    let sent = 0;
    while (performance.now() < until) {
      const due = Math.floor(((performance.now() - started) / 1000) * load.rate) - sent;
      for (let i = 0; i < due; i++, sent++) {
        const call = pick();
        track(send(call, figures(call)));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  await Promise.all(pending);
  agent.destroy();
  return {
    ms: performance.now() - started,
    sent: n,
    byClass,
    burst,
    startedAt: performance.timeOrigin + started,
  };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as OpenLoad).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
