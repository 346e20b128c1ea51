/**
 * A GraphQL name (an operation's or a field's): letters, digits and underscores, not starting with
 * a digit, up to 100 characters. The one pattern for names a client sends or an error quotes.
 */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
