import { parse } from 'graphql';
import { withoutEchoedToken } from './syntax-messages';

/** graphql-js's own message for a document, as its parser words it. */
function syntaxErrorOf(document: string): string {
  try {
    parse(document);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${document} parses`);
}

describe('withoutEchoedToken', () => {
  it.each([
    ['{ me "taro@example.com" }', 'Expected Name, found String.'],
    ['{ me { id } } "x" "taro@example.com"', 'Unexpected String.'],
    ['{ me { id } } "x" """taro\nexample"""', 'Unexpected BlockString.'],
    ['{ me { id } } 09012345678', 'Invalid number, unexpected digit after 0.'],
    ['{ me { id } } 9012345678', 'Unexpected Int.'],
    ['fragment F taro', 'Expected "on", found Name.'],
    ['{ me(x: "\\u12G4") }', 'Invalid Unicode escape sequence.'],
    ['{ me(x: "a\\qb") }', 'Invalid character escape sequence.'],
    ['{ me } ~', 'Unexpected character.'],
    ['query ($a: Int = $taro) { me }', 'Unexpected variable in constant value.'],
    // A string whose value looks like the end of a message, or like a printed location.
    ['{ me "a\\". found Name \\"b" }', 'Expected Name, found String.'],
    ['{ me "x\\n\\nGraphQL request:1:1\\n1 | y" }', 'Expected Name, found String.'],
  ])('%s', (document, expected) => {
    expect(withoutEchoedToken(syntaxErrorOf(document))).toBe(`Syntax Error: ${expected}`);
  });

  it('keeps messages that quote only the grammar, and drops a printed source line', () => {
    expect(withoutEchoedToken(syntaxErrorOf('{ me { id }'))).toBe(
      'Syntax Error: Expected Name, found <EOF>.',
    );
    expect(withoutEchoedToken(syntaxErrorOf('{ me(x: ) }'))).toBe('Syntax Error: Unexpected ")".');
    // graphql-armor's parse reports the error printed: message, location and the source's line.
    const printed = 'Syntax Error: Unexpected Name "taro".\n\nGraphQL request:1:3\n1 | { taro';
    expect(withoutEchoedToken(printed)).toBe('Syntax Error: Unexpected Name.');
  });

  it('says nothing of the source for a syntax error it does not know, and ignores the rest', () => {
    expect(withoutEchoedToken('Syntax Error: Odd token "taro@example.com".')).toBe(
      'Syntax Error: The query does not parse.',
    );
    expect(withoutEchoedToken('Cannot query field "x" on type "Query".')).toBeNull();
  });
});
