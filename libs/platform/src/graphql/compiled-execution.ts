import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  GraphQLError,
  execute,
  getVariableValues,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SourceLocation,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Executes operations with graphql-jit instead of graphql-js: each operation's document is
 * compiled once into a function that resolves exactly its fields, so a catalog answer's ~700
 * fields cost no per-field interpretation (getArgumentValues, completeValue: a quarter of a
 * catalog call's CPU). Resolvers, guards, scalars and errors are the same; parsing, validation
 * and every plugin stay Apollo's. Compiled functions are kept per parsed document, which Apollo's
 * document store hands out once per query text, and forgotten with it.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  type Compiled = CompiledQuery | ExecutionResult;
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compile = (document: DocumentNode, operationName: string | undefined) => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map<string, Compiled>()));
    const key = operationName ?? '';
    let query = byName.get(key);
    if (!query) {
      query = compileQuery(schema, document, operationName);
      byName.set(key, query);
    }
    return query;
  };
  return async ({ document, operation, operationName, request, context }) => {
    // Variables are coerced by graphql-js, so bad input is refused exactly as before (the one
    // DateTime scalar's messages, Apollo's BAD_USER_INPUT, nothing echoed).
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      request.variables ?? {},
    );
    if (coerced.errors) return { errors: coerced.errors };
    // A variable sent with no value and no default leaves its field or argument out in
    // graphql-js, where graphql-jit passes null (a filter on "no subject" instead of no filter):
    // such an operation runs on graphql-js, as it always did.
    const values = coerced.coerced;
    if (operation.variableDefinitions?.some((d) => !(d.variable.name.value in values))) {
      return execute({
        schema,
        document,
        operationName,
        contextValue: context,
        variableValues: request.variables,
      });
    }
    const query = compile(document, operationName ?? undefined);
    // Not compiled: the errors graphql-js itself would answer (an unknown operation, say).
    if (!isCompiledQuery(query)) return query;
    const variables = externalVariables(schema, operation, values);
    const result = await query.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
}

/**
 * Coerced variables written back in their external form (every leaf through its type's
 * serialize), defaults filled in: what graphql-jit parses again arrives at the values graphql-js
 * coerced. graphql-jit's own coercion skips a non-null input field's default (`Boolean! =
 * false` left out is refused), so it is never given the client's raw variables.
 */
export function externalVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  coerced: Record<string, unknown>,
): Record<string, unknown> {
  const external: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && name in coerced) external[name] = externalValue(coerced[name], type);
  }
  return external;
}

function externalValue(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return externalValue(value, type.ofType);
  if (isListType(type)) {
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    return items.map((item) => externalValue(item, type.ofType));
  }
  if (isInputObjectType(type)) {
    const fields = value as Record<string, unknown>;
    const external: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.name in fields)
        external[field.name] = externalValue(fields[field.name], field.type);
    }
    return external;
  }
  if (isLeafType(type)) return type.serialize(value);
  return value;
}

/**
 * graphql-jit's errors pass for graphql-js GraphQLErrors (same prototype) but are objects of its
 * own with read-only fields (a plugin that rewrites a message throws on them): each is remade as
 * a real one with the same message, path, locations, extensions and original error, so Apollo
 * unwraps a resolver's DomainError for formatGraphqlError as it always did.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = (error as { originalError?: unknown }).originalError;
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: original instanceof Error ? original : undefined,
    extensions: error.extensions,
  });
  const locations: readonly SourceLocation[] | undefined = error.locations;
  if (locations) Object.defineProperty(made, 'locations', { value: locations, enumerable: true });
  return made;
}

/**
 * Apollo Server 4 and 5 take another executor only through the gateway interface (their
 * documented replacement for the removed `executor` option): a gateway that serves this
 * process's own schema and the compiled executor.
 */
export function compiledExecutionGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: () => Promise.resolve({ executor: compiledExecutor(schema) }),
    stop: () => Promise.resolve(),
  };
}

/** Nest's Apollo driver, with the schema it built executed by compiledExecutor. */
export class CompiledApolloDriver extends ApolloDriver {
  override async start(options: ApolloDriverConfig): Promise<void> {
    if (!options.schema) throw new Error('the schema must be built before Apollo starts');
    // ApolloDriverConfig leaves `gateway` out (it is Nest's gateway driver's); Apollo takes it.
    const gateway = compiledExecutionGateway(options.schema);
    await super.start({ ...options, gateway } as ApolloDriverConfig);
  }
}
