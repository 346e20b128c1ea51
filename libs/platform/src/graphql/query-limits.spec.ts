import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { QUERY_LIMITS, queryLimits } from './query-limits';

const versionOf = (pkg: string) => {
  const main = require.resolve(pkg);
  const root = main.slice(
    0,
    main.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}/`.length,
  );
  return (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version
    .split('.')
    .map((part) => parseInt(part, 10));
};
const weight = ([major = 0, minor = 0, patch = 0]: number[]) => major * 1e6 + minor * 1e3 + patch;
const atLeast = (have: number[], want: number[]) => weight(have) >= weight(want);

describe('query limits', () => {
  const schema = buildSchema(`type Query { a(first: Int): A } type A { b: A c: Int }
                              type Mutation { login(p: String): Int changePassword(p: String): Int }`);
  const check = (source: string) =>
    validate(schema, parse(source), queryLimits().validationRules).map((e) => e.message);

  it('runs a graphql-armor whose depth limit cannot be bypassed by naming (GHSA-hmfr-rx46-4jx2)', () => {
    expect(atLeast(versionOf('@escape.tech/graphql-armor'), [3, 2, 0])).toBe(true);
    expect(atLeast(versionOf('@escape.tech/graphql-armor-max-depth'), [2, 4, 1])).toBe(true);
  });

  it('counts depth through fragments and operation names alike', () => {
    const deep = '{ a { b { b { b { b { b { c } } } } } } }';
    expect(QUERY_LIMITS.depth).toBe(6);
    expect(check(deep).join()).toMatch(/depth/i);
    expect(check(`query __schema ${deep}`).join()).toMatch(/depth/i);
    expect(check('{ a { b { b { b { b { c } } } } } }')).toEqual([]);
  });

  it('allows each secret-checking mutation once per document, fragments included', () => {
    expect(check('mutation { login(p: "x") }')).toEqual([]);
    expect(check('mutation { a: login(p: "x") b: login(p: "y") }')).toEqual([
      'login may appear once per request.',
    ]);
    expect(
      check('mutation M { login(p: "x") ...F } fragment F on Mutation { b: login(p: "y") }'),
    ).toEqual(['login may appear once per request.']);
    expect(check('mutation { login(p: "x") changePassword(p: "y") }')).toEqual([]);
  });

  it('multiplies the cost by a literal page size', () => {
    expect(check('{ a(first: 100) { c } }')).toEqual([]);
    expect(check('{ a(first: 100000) { c } }').join()).toMatch(/cost/i);
  });
});
