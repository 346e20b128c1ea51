import fc from 'fast-check';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { DateTimeScalar } from './scalars';
import { compiledExecutor } from './compiled-execution';

class Refusal extends Error {}

const Kind = new GraphQLEnumType({
  name: 'Kind',
  // Internal values unlike the names, as Nest's enums may have.
  values: { EMPLOYEE: { value: 'employee' }, APPLICANT: { value: 'applicant' } },
});
const Filter = new GraphQLInputObjectType({
  name: 'Filter',
  fields: {
    includeRetired: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: false },
    kinds: { type: new GraphQLList(new GraphQLNonNull(Kind)) },
    since: { type: DateTimeScalar },
    text: { type: GraphQLString },
    id: { type: GraphQLID },
  },
});
const Row = new GraphQLObjectType({
  name: 'Row',
  fields: { name: { type: new GraphQLNonNull(GraphQLString) } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      // Echoes the arguments exactly as the resolver received them.
      args: {
        type: GraphQLString,
        args: { filter: { type: Filter }, kind: { type: Kind } },
        resolve: (_root, args: Record<string, unknown>) =>
          JSON.stringify(args, (_key, value: unknown) =>
            value instanceof Date ? `Date(${value.toISOString()})` : value,
          ),
      },
      refused: {
        type: GraphQLString,
        resolve: () => {
          throw new Refusal('not for you');
        },
      },
      broken: { type: Row, resolve: () => ({ name: null }) },
      rows: { type: new GraphQLList(Row), resolve: () => [{ name: 'a' }, { name: 'b' }] },
    },
  }),
});

const compiled = compiledExecutor(schema);
const run = (document: DocumentNode, variables: Record<string, unknown> = {}) =>
  compiled({
    document,
    operation: document.definitions[0] as OperationDefinitionNode,
    operationName: null,
    request: { variables },
    context: {},
  } as unknown as Parameters<typeof compiled>[0]);
const reference = (document: DocumentNode, variables: Record<string, unknown> = {}) =>
  execute({ schema, document, variableValues: variables, contextValue: {} });

const ARGS = parse('query ($filter: Filter, $kind: Kind) { args(filter: $filter, kind: $kind) }');

describe('compiledExecutor (graphql-jit behind Apollo)', () => {
  it('gives resolvers the arguments graphql-js gives them, defaults and internal values included', async () => {
    const filter = fc.record(
      {
        includeRetired: fc.boolean(),
        kinds: fc.oneof(
          fc.array(fc.constantFrom('EMPLOYEE', 'APPLICANT')),
          fc.constantFrom('EMPLOYEE', 'APPLICANT'),
        ),
        since: fc
          .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        text: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
        id: fc.oneof(fc.stringMatching(/^[0-9]{1,25}$/), fc.uuid()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.option(filter, { nil: undefined }),
        fc.option(fc.constantFrom('EMPLOYEE', 'APPLICANT'), { nil: undefined }),
        async (f, kind) => {
          const variables = { filter: f, kind };
          const [jit, js] = [await run(ARGS, variables), await reference(ARGS, variables)];
          expect(jit.errors).toBeUndefined();
          expect(jit.data).toEqual(js.data);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves out an input field whose variable was not sent, as graphql-js does', async () => {
    const document = parse(
      'query ($t: String, $k: Kind) { args(filter: { text: $t, kinds: [$k] }) }',
    );
    for (const variables of [
      {},
      { t: 'x' },
      { t: null },
      { k: 'APPLICANT' },
      { t: null, k: 'EMPLOYEE' },
      { t: 'y', k: 'APPLICANT' },
    ]) {
      const [jit, js] = [await run(document, variables), await reference(document, variables)];
      expect(jit.data).toEqual(js.data);
      expect(jit.errors?.map((e) => e.message)).toEqual(js.errors?.map((e) => e.message));
    }
  });

  it('refuses bad variables with graphql-js’s own errors (Apollo’s BAD_USER_INPUT)', async () => {
    for (const variables of [
      { filter: { since: '2026-02-30T00:00:00Z' } },
      { filter: { includeRetired: 'yes' } },
      { kind: 'CUSTOMER' },
    ]) {
      const [jit, js] = [await run(ARGS, variables), await reference(ARGS, variables)];
      expect(jit.data).toBeUndefined();
      expect(jit.errors?.map((e) => e.message)).toEqual(js.errors?.map((e) => e.message));
      expect(jit.errors?.[0]?.nodes?.[0]?.kind).toBe('VariableDefinition');
    }
  });

  it('answers a resolver’s error as a real, writable GraphQLError keeping the original', async () => {
    const result = await run(parse('{ refused rows { name } }'));
    expect(result.data).toEqual({ refused: null, rows: [{ name: 'a' }, { name: 'b' }] });
    const [error] = result.errors ?? [];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(Object.getPrototypeOf(error)).toBe(GraphQLError.prototype);
    expect(error?.originalError).toBeInstanceOf(Refusal);
    expect(error?.path).toEqual(['refused']);
    expect(error?.locations).toEqual([{ line: 1, column: 3 }]);
    // Plugins (graphql-armor) rewrite messages in place.
    (error as { message: string }).message = 'rewritten';
    expect(error?.message).toBe('rewritten');
  });

  it('nulls a non-null field’s parent as graphql-js does', async () => {
    const document = parse('{ broken { name } }');
    const [jit, js] = [await run(document), await reference(document)];
    expect(jit.data).toEqual(js.data);
    expect(jit.errors?.map((e) => e.path)).toEqual(js.errors?.map((e) => e.path));
  });

  it('compiles a document once and runs it again', async () => {
    const document = parse('{ rows { name } }');
    for (let i = 0; i < 3; i++) {
      expect((await run(document)).data).toEqual({ rows: [{ name: 'a' }, { name: 'b' }] });
    }
  });
});
