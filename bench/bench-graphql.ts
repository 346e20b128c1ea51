/** Helpers the HTTP benches share: one GraphQL call over real HTTP, and the figures they print. */

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The p-quantile of sorted latencies; NaN when there are none (printed, never hidden). */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** One GraphQL call over real HTTP (keep-alive), failing loudly on any error. */
export async function graphql(
  url: string,
  token: string | null,
  query: string,
  variables: object = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data!;
}
