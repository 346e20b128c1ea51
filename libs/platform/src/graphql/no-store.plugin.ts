import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL answer is the caller's own (personal data, their permissions): no browser or proxy
 * may keep a copy. Apollo's cache-control plugin used to say so per field, at a cost on every
 * field; this says it once per answer.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin API is async
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
