/**
 * The console's one way to the server: the session travels in its HttpOnly cookie, never in
 * script; every call carries the console's header (the CSRF defence the server checks).
 */
export const CONSOLE_HEADERS = { 'content-type': 'application/json', 'x-daicho-console': '1' };

export interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: CONSOLE_HEADERS,
    credentials: 'same-origin',
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphqlError[] };
  const [error] = body.errors ?? [];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  return body.data as T;
}

/** A page of a keyset list: the one list shape every list that can grow answers in. */
export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * Every node of a keyset list, page after page: `query` takes `$after: String` and answers the
 * list as `field`.
 */
export async function allNodes<T>(
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<string, Connection<T> | undefined> = await gql(query, {
      ...variables,
      after,
    });
    const page = data[field];
    if (!page) throw new ApiError(`The answer has no ${field}.`, 'INTERNAL_SERVER_ERROR');
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return nodes;
    after = page.pageInfo.endCursor;
  }
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: CONSOLE_HEADERS,
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { error?: { code?: string; message?: string } };
  if (!response.ok)
    throw new ApiError(answer.error?.message ?? 'Request failed', answer.error?.code ?? 'ERROR');
  return answer;
}

/** A file download (PDF, CSV) through fetch, so it carries the header; saved by the browser. */
export async function download(path: string, name: string): Promise<void> {
  const response = await fetch(path, { headers: CONSOLE_HEADERS, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(`Download failed (${response.status})`, 'DOWNLOAD');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
