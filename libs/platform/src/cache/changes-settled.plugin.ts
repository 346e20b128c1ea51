import type { ApolloServerPlugin } from '@apollo/server';
import type { ModuleRef } from '@nestjs/core';
import { OperationTypeNode } from 'graphql';
import { optionalProvider } from '../graphql/optional-provider';
import { ChangeFeed } from './change-feed';

/**
 * The GraphQL half of "a change is answered once this server's copies have heard it" (the HTTP
 * half is ChangesSettledInterceptor): before a mutation's answer is sent, failed or not (some
 * refusals end a session), wait until every change committed so far has reached this server's
 * copies. Once per operation, after every root field ran, and nothing at all for queries: as a
 * Nest interceptor it wrapped every resolver call, reads included.
 */
export function changesSettledPlugin(moduleRef: ModuleRef): ApolloServerPlugin {
  // A process without a database has no copies to settle.
  const changeFeed = optionalProvider(moduleRef, ChangeFeed);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin API is async
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === OperationTypeNode.MUTATION) await changeFeed()?.settled();
        },
      };
    },
  };
}
