/**
 * graphql-js's lexer and parser quote what they stumbled on: `Expected Name, found String
 * "taro@example.com".`, `Invalid number, unexpected digit after 0: "9".`, `Unexpected variable
 * "$x" in constant value.`; and graphql-armor's token counter, which parses first, reports its
 * syntax error with the source line printed under it. A query may hold an e-mail address, a
 * phone number or a password, so the one formatter keeps only the kind of token (`found
 * String`), as every message graphql-js 16 writes (language/lexer.js, language/parser.js) allows.
 */

const PREFIX = 'Syntax Error: ';
/** What graphql-armor (printing the error) appends: the source's name, line:column, the lines. */
const PRINTED_LOCATION = '\n\nGraphQL request:';

/** Token kinds that carry a value from the source (graphql-js's getTokenDesc quotes it). */
const VALUED = '(Name|Int|Float|String|BlockString|Comment)';
/** Token kinds printed without a value: punctuators (quoted) and the end of the document. */
const BARE = '("(?:[!?$&().:=@[\\]{|}]|\\.\\.\\.)"|<EOF>)';
/** What the parser expected: a token kind, or a keyword of the grammar (`"on"`). */
const EXPECTED = `(${VALUED.slice(1, -1)}|${BARE.slice(1, -1)}|"[_A-Za-z][_0-9A-Za-z]*")`;

/** The messages rewritten, each matched whole; `$n` are the grammar's words, never the source's. */
const REWRITES: [RegExp, string][] = [
  [new RegExp(`^Expected ${EXPECTED}, found ${VALUED} "[\\s\\S]*"\\.$`), 'Expected $1, found $2.'],
  [new RegExp(`^Unexpected ${VALUED} "[\\s\\S]*"\\.$`), 'Unexpected $1.'],
  [/^(Unexpected character|Invalid character|Invalid character within String): [\s\S]+\.$/, '$1.'],
  [
    /^Invalid number, unexpected digit after 0: [\s\S]+\.$/,
    'Invalid number, unexpected digit after 0.',
  ],
  [/^Invalid number, expected digit but got: [\s\S]+\.$/, 'Invalid number, expected digit.'],
  [/^(Invalid Unicode escape sequence|Invalid character escape sequence): "[\s\S]*"\.$/, '$1.'],
  [
    /^Unexpected variable "\$[\s\S]*" in constant value\.$/,
    'Unexpected variable in constant value.',
  ],
];

/** The messages that quote nothing from the source (or only the grammar's own words). */
const UNQUOTED: RegExp[] = [
  new RegExp(`^Expected ${EXPECTED}, found ${BARE}\\.$`),
  new RegExp(`^Unexpected ${BARE}\\.$`),
  /^Unterminated string\.$/,
  /^Unexpected single quote character \('\), did you mean to use a double quote \("\)\?$/,
  /^Unexpected description, [a-zA-Z ,]+\.$/,
  /^Name "(true|false|null)" is reserved and cannot be used for an enum value\.$/,
  /^(Document|Source) contains more th[ae]n \d+ [\w -]+\. Parsing aborted\.$/,
  /^Token limit of \d+ exceeded\.$/,
];

/** Said of a syntax error no pattern above knows (a later graphql-js): nothing of the source. */
const UNKNOWN = 'The query does not parse.';

/**
 * The syntax error's message with no text of the source left (only the kinds of the tokens),
 * or null when the message is no syntax error.
 */
export function withoutEchoedToken(message: string): string | null {
  if (!message.startsWith(PREFIX)) return null;
  const whole = message.slice(PREFIX.length);
  // A printed location is the message's end (the lines it prints cannot hold its header); a
  // token's value may hold one too, so the message is also tried whole. Either is matched whole.
  const printedAt = whole.lastIndexOf(PRINTED_LOCATION);
  const descriptions = printedAt < 0 ? [whole] : [whole.slice(0, printedAt), whole];
  for (const description of descriptions) {
    for (const [pattern, replacement] of REWRITES) {
      if (pattern.test(description)) return PREFIX + description.replace(pattern, replacement);
    }
    if (UNQUOTED.some((pattern) => pattern.test(description))) return PREFIX + description;
  }
  return PREFIX + UNKNOWN;
}
