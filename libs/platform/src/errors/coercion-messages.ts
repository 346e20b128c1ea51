/**
 * GraphQL's own messages about badly typed input quote the value that was sent ("got invalid value
 * { email: …, password: "…" }", 'found "…"'). A value may be a password or personal data, so the
 * one formatter rewrites them to the path and the expected type only.
 */

import { GRAPHQL_NAME } from '../input/graphql-name';

const VARIABLE_PREFIX = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
const TRAILING_PATH = / at "([_0-9A-Za-z.[\]]+)"$/;
const LITERAL_PREFIX = /^Expected value of type "([^"]+)", found /;
const LITERAL_ENUM = /^Value "[\s\S]*" does not exist in "([_A-Za-z][_0-9A-Za-z]*)" enum/;

/** What was expected, in words, from graphql-js's reason; never a value. */
function expectation(reason: string | undefined): string {
  if (!reason) return 'a value of the declared type';
  let m = /^expected (an? [^;]*)$/.exec(reason); // our own scalars, which never echo the value
  if (m?.[1]) return m[1];
  m = /^([_A-Za-z][_0-9A-Za-z]*) cannot represent/.exec(reason);
  if (m) return `a value of type ${m[1]}`;
  m = /^Field "([_A-Za-z][_0-9A-Za-z]*)" of required type "([^"]+)" was not provided/.exec(reason);
  if (m) return `the required field ${m[1]} (${m[2]})`;
  m = /^Field "([^"]*)" is not defined by type "([_A-Za-z][_0-9A-Za-z]*)"/.exec(reason);
  if (m?.[1] !== undefined)
    return GRAPHQL_NAME.test(m[1])
      ? `no field ${m[1]} (${m[2]} has none)`
      : `only the fields of ${m[2]}`;
  m = /^Value "[\s\S]*" does not exist in "([_A-Za-z][_0-9A-Za-z]*)" enum/.exec(reason);
  if (m) return `one of the values of the ${m[1]} enum`;
  m = /^Expected type "([^"]+)"/.exec(reason);
  if (m) return `a value of type ${m[1]}`;
  return 'a value of the declared type';
}

/**
 * The message without the submitted value, and the field it names (`input.password`), when the
 * message is one of graphql-js's value errors; null for any other message.
 */
export function withoutEchoedValue(
  message: string,
  reason: string | undefined,
): { message: string; field?: string } | null {
  const variable = VARIABLE_PREFIX.exec(message);
  if (variable) {
    // The path (schema field names and indices) sits just before "; <reason>".
    const head =
      reason && message.endsWith(`; ${reason}`)
        ? message.slice(0, -(reason.length + 2))
        : message.split('; ')[0];
    const name = variable[1] ?? '';
    const path = TRAILING_PATH.exec(head ?? '')?.[1] ?? name;
    return {
      message: `Variable "$${name}" has an invalid value at ${path}: expected ${expectation(reason)}.`,
      field: path,
    };
  }
  const literal = LITERAL_PREFIX.exec(message);
  if (literal) {
    return {
      message: `An argument written in the query has an invalid value: expected ${expectation(reason) === 'a value of the declared type' ? `a value of type ${literal[1]}` : expectation(reason)}.`,
    };
  }
  // Our scalars' own refusal of a literal (graphql-js reports it as it is, at its location).
  if (/^expected an? [^;]*$/.test(message)) {
    return { message: `An argument written in the query has an invalid value: ${message}.` };
  }
  const literalEnum = LITERAL_ENUM.exec(message);
  if (literalEnum) {
    return {
      message: `An argument written in the query has an invalid value: expected one of the values of the ${literalEnum[1]} enum.`,
    };
  }
  return null;
}
