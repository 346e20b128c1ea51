import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { ModuleRef } from '@nestjs/core';
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { UnauthenticatedError } from '../errors/domain-error';
import { requestError } from '../errors/request-error';

/**
 * Whether a request's credential is a live session or API key. Access implements it; the GraphQL
 * layer (below access) only asks. Resolved lazily, so a process without access refuses.
 */
export abstract class CredentialCheck {
  abstract isAuthenticated(req: unknown): Promise<boolean>;
}

/** Does the operation read the schema (`__schema` or `__type`; `__typename` is no introspection)? */
function introspects(document: DocumentNode): boolean {
  const walk = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD)
        return s.name.value === '__schema' || s.name.value === '__type' || walk(s.selectionSet);
      // A fragment spread's own definition is walked as a definition below.
      return s.kind === Kind.INLINE_FRAGMENT && walk(s.selectionSet);
    });
  return document.definitions.some(
    (d) =>
      (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) &&
      walk(d.selectionSet),
  );
}

/**
 * Introspection for who may use it: everyone where it is on (development), and where it is off
 * (production) still for signed-in users and API keys — the auditors' console needs the schema —
 * never for an anonymous caller (OWASP GraphQL cheat sheet: introspection is reconnaissance).
 */
export function introspectionGatePlugin(
  openToAll: boolean,
  moduleRef: ModuleRef,
): ApolloServerPlugin<{ req?: unknown }> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation(request: GraphQLRequestContext<{ req?: unknown }>) {
          if (openToAll || !request.document || !introspects(request.document)) return;
          const check = moduleRef.get(CredentialCheck, { strict: false });
          if (!(await check.isAuthenticated(request.contextValue.req)))
            throw requestError(
              new UnauthenticatedError(
                'Schema introspection is for signed-in users: log in (or send an API key) first.',
              ),
            );
        },
      });
    },
  };
}
