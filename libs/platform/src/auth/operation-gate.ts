import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import type { ModuleRef } from '@nestjs/core';
import type { FormattedExecutionResult, OperationTypeNode } from 'graphql';
import { requestError } from '../errors/request-error';

/** What the gate needs of an operation: its text as sent, its kind, name and variables. */
export interface GatedOperation {
  req: unknown;
  source: string;
  operation: OperationTypeNode;
  operationName: string | null;
  variables: Record<string, unknown>;
}

/** What the gate decided: run it (and tell it the answer), or answer from what was kept. */
export type GateTicket =
  | { kind: 'run'; settle: (result: FormattedExecutionResult) => Promise<void> }
  | { kind: 'replay'; result: FormattedExecutionResult }
  | null;

/**
 * A check on integrations' operations before they run (the operation allow-list of an API key,
 * idempotency keys). Identity implements it; the GraphQL layer only asks. Absent, nothing is
 * gated (a process without identity).
 */
export abstract class OperationGate {
  /** Throws a DomainError to refuse; null when there is nothing to keep. */
  abstract admit(operation: GatedOperation): Promise<GateTicket>;
}

/**
 * Runs the OperationGate once the operation is known: a refusal is a GraphQL error with its code;
 * a replay answers without executing anything; a claimed run is settled with its answer.
 */
export function operationGatePlugin(moduleRef: ModuleRef): ApolloServerPlugin<{ req?: unknown }> {
  const gate = () => {
    try {
      return moduleRef.get(OperationGate, { strict: false });
    } catch {
      return null;
    }
  };
  return {
    requestDidStart() {
      let ticket: GateTicket = null;
      return Promise.resolve({
        async didResolveOperation(request: GraphQLRequestContext<{ req?: unknown }>) {
          const operation = request.operation;
          if (!operation) return;
          try {
            ticket =
              (await gate()?.admit({
                req: request.contextValue.req,
                source: request.source ?? '',
                operation: operation.operation,
                operationName: request.operationName ?? null,
                variables: request.request.variables ?? {},
              })) ?? null;
          } catch (error: unknown) {
            throw requestError(error);
          }
        },
        responseForOperation() {
          if (ticket?.kind !== 'replay') return Promise.resolve(null);
          return Promise.resolve({
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single' as const, singleResult: ticket.result },
          });
        },
        async willSendResponse(request: GraphQLRequestContext<{ req?: unknown }>) {
          const body = request.response.body;
          if (ticket?.kind !== 'run' || body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          await ticket.settle({ data, errors });
        },
      });
    },
  };
}
