import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectedFields } from './selected-fields';

describe('selectedFields', () => {
  const schema = buildSchema(`
    type Item { key: String, value: String, purposes: [String], systems: [String] }
    type Query { items: [Item] }
  `);
  const seen = async (query: string): Promise<string[]> => {
    let found: ReadonlySet<string> = new Set();
    await graphql({
      schema,
      source: query,
      rootValue: {
        items: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
          found = selectedFields(info);
          return [];
        },
      },
    });
    return [...found].sort();
  };

  it('names the fields asked for, through aliases, inline fragments and fragment spreads', async () => {
    expect(await seen('{ items { key } }')).toEqual(['key']);
    expect(
      await seen('{ items { k: key ... on Item { value } ...F } } fragment F on Item { systems }'),
    ).toEqual(['key', 'systems', 'value']);
    expect(await seen('{ items { __typename } }')).toEqual(['__typename']);
  });
});
