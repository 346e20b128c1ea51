import { parentPort, workerData } from 'node:worker_threads';

/** What one load run asks of the worker: `clients` loops, each posting its own variables. */
export interface HttpLoad {
  url: string;
  token: string;
  query: string;
  variablesPerClient: object[];
  perClient: number;
  /**
   * Each call a text the server has not seen (a fresh operation name on a `{ … }` query): what
   * a caller meets when no kept answer can serve it.
   */
  freshText?: boolean;
}

export interface HttpLoadResult {
  count: number;
  ms: number;
  latencies: number[];
}

/**
 * The benchmark's clients, in a worker thread: they must not share the server's event loop,
 * or the figures would measure the client as much as the server.
 */
async function run({ url, token, query, variablesPerClient, perClient, freshText }: HttpLoad) {
  if (freshText && !query.trimStart().startsWith('{'))
    throw new Error('freshText names an anonymous `{ … }` query');
  const latencies: number[] = [];
  const started = performance.now();
  const tag = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
  await Promise.all(
    variablesPerClient.map(async (variables, client) => {
      for (let i = 0; i < perClient; i++) {
        const text = freshText ? `query Fresh_${tag}_${client}_${i} ${query}` : query;
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query: text, variables }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const result: HttpLoadResult = {
    count: variablesPerClient.length * perClient,
    ms: performance.now() - started,
    latencies,
  };
  return result;
}

if (parentPort) {
  const port = parentPort;
  run(workerData as HttpLoad).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
