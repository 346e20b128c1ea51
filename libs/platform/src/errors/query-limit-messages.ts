import { PAGE_SIZE_LIMIT } from '../graphql/pagination';

/**
 * graphql-armor reports its limits as "Syntax Error: Query Cost limit of … exceeded": not a syntax
 * error, and it does not say what to change. Rewritten once here, with what is too big.
 */
const LIMITS: [RegExp, (limit: string, found: string) => string][] = [
  [
    /Query Cost limit of (\d+) exceeded, found (\d+)/,
    (limit, found) =>
      `This query asks for too much at once: its estimated cost is ${found}, the limit is ${limit}. Select fewer fields or smaller pages (first is at most ${PAGE_SIZE_LIMIT}) and fetch further pages with after.`,
  ],
  [
    /Aliases limit of (\d+) exceeded, found (\d+)/,
    (limit, found) => `This query uses ${found} aliases; at most ${limit} are allowed.`,
  ],
  [
    /Query depth limit of (\d+) exceeded, found (\d+)/,
    (limit, found) =>
      `This query's depth is ${found} (fields nested in fields); at most ${limit} levels are allowed.`,
  ],
  [
    /Token limit of (\d+) exceeded/,
    (limit) => `This query has more than ${limit} tokens. Send a shorter query.`,
  ],
  [
    /Directives limit of (\d+) exceeded, found (\d+)/,
    (limit, found) => `This query uses ${found} directives; at most ${limit} are allowed.`,
  ],
];

export function explainedQueryLimit(message: string): string | null {
  for (const [pattern, explain] of LIMITS) {
    const m = pattern.exec(message);
    if (m) return explain(m[1] ?? '', m[2] ?? '');
  }
  return null;
}
