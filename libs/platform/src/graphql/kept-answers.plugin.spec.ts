import { ApolloServer } from '@apollo/server';
import type { ModuleRef } from '@nestjs/core';
import type { FormattedExecutionResult } from 'graphql';
import { AnswerKeeper, keptAnswersPlugin, type KeptQuery } from './kept-answers.plugin';

/** A keeper that keeps everything it is offered, by query text, and says what it was asked. */
class RecordingKeeper extends AnswerKeeper {
  readonly asked: KeptQuery[] = [];
  readonly kept = new Map<string, FormattedExecutionResult>();

  slotFor(query: KeptQuery) {
    this.asked.push(query);
    const result = this.kept.get(query.source);
    if (result) return Promise.resolve({ kind: 'kept' as const, result });
    return Promise.resolve({
      kind: 'empty' as const,
      keep: (made: FormattedExecutionResult) => void this.kept.set(query.source, made),
    });
  }
}

describe('keptAnswersPlugin', () => {
  let calls: number;
  let keeper: RecordingKeeper;
  let server: ApolloServer<{ req?: unknown }>;

  beforeEach(async () => {
    calls = 0;
    keeper = new RecordingKeeper();
    const moduleRef = { get: () => keeper } as unknown as ModuleRef;
    server = new ApolloServer<{ req?: unknown }>({
      typeDefs: `type Query { catalog: [String!]! failing: String  }
                 type Mutation { change: Int! }`,
      resolvers: {
        Query: {
          catalog: () => (calls++, ['A', 'B']),
          failing: () => {
            calls++;
            throw new Error('not this time');
          },
        },
        Mutation: { change: () => ++calls },
      },
      plugins: [keptAnswersPlugin(moduleRef)],
    });
    await server.start();
  });
  afterEach(() => server.stop());

  const run = async (query: string) => {
    const response = await server.executeOperation({ query }, { contextValue: { req: {} } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };

  it('gives the kept answer instead of running the query, once one was made', async () => {
    expect((await run('{ catalog }')).data).toEqual({ catalog: ['A', 'B'] });
    expect((await run('{ catalog }')).data).toEqual({ catalog: ['A', 'B'] });
    expect(calls).toBe(1);
    expect(keeper.asked.map((q) => q.rootFields)).toEqual([['catalog'], ['catalog']]);
  });

  it('never keeps an answer with an error, and never asks about mutations or root fragments', async () => {
    await run('{ catalog failing }');
    await run('{ catalog failing }');
    expect(calls).toBe(4);
    expect(keeper.kept.size).toBe(0);
    await run('mutation { change }');
    await run('{ ... on Query { catalog } }');
    await run('query { ...F } fragment F on Query { catalog }');
    expect(keeper.asked).toHaveLength(2); // the two failing queries only
    expect(calls).toBe(7);
  });
});
