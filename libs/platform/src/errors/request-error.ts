import { GraphQLError } from 'graphql';
import { DomainError, httpStatusOf } from './domain-error';

/**
 * A refusal thrown from a request hook (a plugin's didResolveOperation), as Apollo renders one
 * with its own HTTP status: a bare error there would be answered 500. The formatter still shows
 * the domain error's code and message.
 */
export function requestError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, http: { status: httpStatusOf(error.code) } },
  });
}
