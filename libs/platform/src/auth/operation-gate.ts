import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLResponse,
} from '@apollo/server';
import { DomainError, httpStatusOf } from '../errors/domain-error';
import type { ModuleRef } from '@nestjs/core';
import type { FormattedExecutionResult, OperationTypeNode } from 'graphql';
import { requestError } from '../errors/request-error';
import { optionalProvider } from '../graphql/optional-provider';

/** What the gate needs of an operation: its text as sent, its kind, name and variables. */
export interface GatedOperation {
  req: unknown;
  source: string;
  operation: OperationTypeNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** How many fields the operation selects at its root (a mutation's changes). */
  rootFields: number;
}

/** What the gate decided once every check passed: run it (and keep its answer), or replay one. */
export type GateTicket =
  | {
      kind: 'run';
      /** Keeps the answer and the HTTP status it went out with (undefined: 200). */
      settle: (result: FormattedExecutionResult, status: number | undefined) => Promise<void>;
    }
  | { kind: 'replay'; result: FormattedExecutionResult; status?: number };

/**
 * An operation the gate let through its checks and that has something to claim (an idempotency
 * key). The claim is made only once every other check of the request passed, so a request
 * refused by another rule never leaves a claim behind.
 */
export interface GateAdmission {
  claim(): Promise<GateTicket>;
}

/**
 * A check on integrations' operations before they run (the operation allow-list of an API key,
 * idempotency keys). Identity implements it; the GraphQL layer only asks. Absent, nothing is
 * gated (a process without identity).
 */
export abstract class OperationGate {
  /** Throws a DomainError to refuse; null when there is nothing to claim. */
  abstract admit(operation: GatedOperation): Promise<GateAdmission | null>;
}

/** A refusal as a response of its own (a hook after didResolveOperation may not throw one). */
function refusal(error: DomainError): GraphQLResponse {
  const headers = new HeaderMap();
  return {
    http: { status: httpStatusOf(error.code), headers },
    body: {
      kind: 'single',
      singleResult: { errors: [{ message: error.message, extensions: { code: error.code } }] },
    },
  };
}

/**
 * Runs the OperationGate once the operation is known: a refusal is a GraphQL error with its code
 * and HTTP status; a replay answers without executing anything; a claimed run is settled with its
 * answer.
 */
export function operationGatePlugin(moduleRef: ModuleRef): ApolloServerPlugin<{ req?: unknown }> {
  const gate = optionalProvider(moduleRef, OperationGate);
  return {
    requestDidStart() {
      let admission: GateAdmission | null = null;
      let ticket: GateTicket | null = null;
      return Promise.resolve({
        async didResolveOperation(request: GraphQLRequestContext<{ req?: unknown }>) {
          const operation = request.operation;
          if (!operation) return;
          try {
            admission =
              (await gate()?.admit({
                req: request.contextValue.req,
                source: request.source ?? '',
                operation: operation.operation,
                operationName: request.operationName ?? null,
                variables: request.request.variables ?? {},
                rootFields: operation.selectionSet.selections.length,
              })) ?? null;
          } catch (error: unknown) {
            throw requestError(error);
          }
        },
        // Runs only after every didResolveOperation hook passed (the text rule, the limits).
        async responseForOperation(): Promise<GraphQLResponse | null> {
          if (!admission) return null;
          try {
            ticket = await admission.claim();
          } catch (error: unknown) {
            if (error instanceof DomainError) return refusal(error);
            throw error;
          }
          if (ticket.kind !== 'replay') return null;
          return {
            http: { status: ticket.status, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: ticket.result },
          };
        },
        async willSendResponse(request: GraphQLRequestContext<{ req?: unknown }>) {
          const body = request.response.body;
          if (ticket?.kind !== 'run' || body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          await ticket.settle({ data, errors }, request.response.http.status);
        },
      });
    },
  };
}
