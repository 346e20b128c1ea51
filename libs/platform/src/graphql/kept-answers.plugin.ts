import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import type { ModuleRef } from '@nestjs/core';
import { Kind, OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import { optionalProvider } from './optional-provider';

/** What the keeper needs of a query to find its kept answer: who asks, and exactly what. */
export interface KeptQuery {
  req: unknown;
  source: string;
  operationName: string | null;
  /** Those it declares only (anything else sent is not part of the query). */
  variables: Record<string, unknown>;
  /** The names of the fields the query selects at its root (no fragments among them). */
  rootFields: readonly string[];
}

/** A kept answer to give, or the place to keep the answer about to be made. */
export type KeptAnswerSlot =
  | { kind: 'kept'; result: FormattedExecutionResult }
  | { kind: 'empty'; keep: (result: FormattedExecutionResult) => void };

/**
 * Answers to queries over rarely changed, non-personal data (the catalog) that a caller may be
 * given again without running them: kept per caller and exact query, ended by the change feed.
 * Access implements it, because whether the caller may be given one is its guard's decision.
 * Absent, every query runs.
 */
export abstract class AnswerKeeper {
  /** Null: run the query as usual (not keepable, or the caller must meet the guard). */
  abstract slotFor(query: KeptQuery): Promise<KeptAnswerSlot | null>;
}

/** The root field names of a query with only plain fields at its root; null otherwise. */
function rootFieldsOf(request: GraphQLRequestContext<object>): string[] | null {
  const operation = request.operation;
  if (operation?.operation !== OperationTypeNode.QUERY) return null;
  const names: string[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    names.push(selection.name.value);
  }
  return names;
}

/** The variables the operation declares (graphql-js ignores others): what its answer depends on. */
function declaredVariables(request: GraphQLRequestContext<object>): Record<string, unknown> {
  const sent = request.request.variables ?? {};
  const declared: Record<string, unknown> = {};
  for (const definition of request.operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.hasOwn(sent, name)) declared[name] = sent[name];
  }
  return declared;
}

/**
 * Gives a kept answer instead of running the query when the keeper has one for this caller (after
 * every check of the request: limits, text rule, operation gate), and offers the keeper each
 * answer made without errors.
 */
export function keptAnswersPlugin(moduleRef: ModuleRef): ApolloServerPlugin<{ req?: unknown }> {
  const keeperOf = optionalProvider(moduleRef, AnswerKeeper);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin API is async
    async requestDidStart() {
      let slot: KeptAnswerSlot | null = null;
      return {
        async responseForOperation(request) {
          const rootFields = rootFieldsOf(request);
          const found = rootFields?.length ? keeperOf() : null;
          if (!found || !rootFields) return null;
          slot = await found.slotFor({
            req: request.contextValue.req,
            source: request.source ?? '',
            operationName: request.operationName ?? null,
            variables: declaredVariables(request),
            rootFields,
          });
          if (slot?.kind !== 'kept') return null;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: slot.result },
          };
        },
        // eslint-disable-next-line @typescript-eslint/require-await
        async willSendResponse({ response }) {
          if (slot?.kind !== 'empty' || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const status = response.http.status ?? 200;
          // Only a whole answer: one with an error may differ next time (or be a refusal).
          if (!errors?.length && data && status === 200) slot.keep({ data });
        },
      };
    },
  };
}
