import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from '../errors/domain-error';
import { DATE_FORM, DATE_TIME_FORM, parseCalendarDate, parseDateTime } from '../input/dates';

/** A scalar's refusal: BAD_USER_INPUT, saying the expected form and never echoing the value. */
function refusal(form: string): GraphQLError {
  return new GraphQLError(`expected ${form}`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

const literalString = (ast: ValueNode): unknown => (ast.kind === Kind.STRING ? ast.value : null);

/**
 * `DateTime`: the one scalar for instants, in inputs and outputs (every `Date` field maps to it).
 * Input is strict ISO-8601 with a time zone; output is UTC with milliseconds.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: `An instant: ${DATE_TIME_FORM} (answers are UTC, e.g. 2026-11-26T00:30:00.000Z)`,
  serialize(value) {
    const at = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(at.getTime())) throw new GraphQLError('DateTime cannot serialize this value');
    return at.toISOString();
  },
  parseValue(value) {
    const at = parseDateTime(value);
    if (!at) throw refusal(DATE_TIME_FORM);
    return at;
  },
  parseLiteral(ast) {
    const at = parseDateTime(literalString(ast));
    if (!at) throw refusal(DATE_TIME_FORM);
    return at;
  },
});

/** `Date`: a calendar date (YYYY-MM-DD) that exists; kept as that string inside the server. */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: `A calendar date: ${DATE_FORM}`,
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  },
  parseValue(value) {
    const date = parseCalendarDate(value);
    if (date === null) throw refusal(DATE_FORM);
    return date;
  },
  parseLiteral(ast) {
    const date = parseCalendarDate(literalString(ast));
    if (date === null) throw refusal(DATE_FORM);
    return date;
  },
});
