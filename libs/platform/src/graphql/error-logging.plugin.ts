import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { safeErrorFields } from '../logging/safe-error';

interface RequestWithLog {
  req?: { id?: unknown; log?: Logger };
}

/**
 * Logs every unexpected error with its stack and the request id, and puts that id in the
 * internal error's `extensions.requestId`, so the generic message a client gets can be traced.
 * Domain errors are expected outcomes and are not logged as errors.
 */
export function errorLoggingPlugin(fallback: Logger): ApolloServerPlugin<RequestWithLog> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin API is async
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didEncounterErrors(ctx: GraphQLRequestContext<RequestWithLog>) {
          const log = ctx.contextValue.req?.log ?? fallback;
          for (const error of ctx.errors ?? []) {
            const original = unwrapResolverError(error);
            if (original instanceof DomainError || original === error) continue;
            log.error(
              {
                err: safeErrorFields(original),
                operation: ctx.operationName ?? null,
                path: error.path,
              },
              'unexpected error while resolving a GraphQL operation',
            );
          }
        },
        // eslint-disable-next-line @typescript-eslint/require-await
        async willSendResponse({ response, contextValue }) {
          const id = contextValue.req?.id;
          if (response.body.kind !== 'single' || typeof id !== 'string') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (error as { extensions: Record<string, unknown> }).extensions.requestId = id;
            }
          }
        },
      };
    },
  };
}
