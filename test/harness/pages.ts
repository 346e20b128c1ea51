import type { GraphqlAnswer } from './test-app';

/** The one list shape: `edges { node cursor } pageInfo { endCursor hasNextPage }`. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

type Ask = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<GraphqlAnswer<Record<string, Page<unknown> | undefined>>>;

/**
 * Reads a keyset list to its end `first` at a time (the query takes `$first: Int` and
 * `$after: String` and answers the list as `field`), checking the shape of every page on the
 * way: full pages until the last, endCursor the last edge's cursor, hasNextPage false at the end.
 */
export async function pageThrough<T>(
  ask: Ask,
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
  first = 2,
): Promise<{ nodes: T[]; pages: number }> {
  const nodes: T[] = [];
  for (let pages = 1, after: string | null = null; pages <= 100; pages++) {
    const answer = await ask(query, { ...variables, first, after });
    expect(answer.errors).toBeUndefined();
    const page = answer.data?.[field];
    if (!page) throw new Error(`no ${field} in ${JSON.stringify(answer)}`);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    nodes.push(...page.edges.map((edge) => edge.node as T));
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  throw new Error(`${field} did not end within 100 pages`);
}

/** Cursors no list hands out: not base64url JSON at all, or a pair of the wrong kinds. */
export function forgedCursors(...pairs: [string, string][]): string[] {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return ['not a cursor', encode(['only one']), encode([1, 2]), ...pairs.map(encode)];
}

/** Every forged `after` is a GraphQL error BAD_USER_INPUT naming `after`, with no data. */
export async function expectForgedRefused(
  ask: Ask,
  query: string,
  cursors: string[],
  variables: Record<string, unknown> = {},
): Promise<void> {
  for (const after of cursors) {
    const answer = await ask(query, { ...variables, first: 2, after });
    expect({ after, code: answer.errors?.[0]?.extensions?.code }).toEqual({
      after,
      code: 'BAD_USER_INPUT',
    });
    expect(answer.data ?? null).toBeNull();
  }
}
