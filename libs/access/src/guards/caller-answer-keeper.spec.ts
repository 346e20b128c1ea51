import { GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { fieldsWithResolvers } from './caller-answer-keeper';

/** A category type whose `owner` field has a resolver of its own (a guarded @ResolveField). */
function schemaWith(ownerResolver: boolean): GraphQLSchema {
  const person = new GraphQLObjectType({
    name: 'Person',
    fields: { name: { type: GraphQLString } },
  });
  const category: GraphQLObjectType = new GraphQLObjectType({
    name: 'Category',
    fields: () => ({
      // As @nestjs/graphql resolves a plain @Field: a property read of that name.
      code: { type: GraphQLString, resolve: function rootFieldResolver() {} },
      owner: { type: person, ...(ownerResolver ? { resolve: () => ({ name: 'x' }) } : {}) },
      related: { type: new GraphQLList(category) },
    }),
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { categories: { type: new GraphQLList(category), resolve: () => [] } },
    }),
  });
}

describe('fieldsWithResolvers', () => {
  it('finds a field with its own resolver anywhere below the kept query, through cycles', () => {
    expect(fieldsWithResolvers(schemaWith(true), 'categories')).toEqual(['Category.owner']);
    expect(fieldsWithResolvers(schemaWith(false), 'categories')).toEqual([]);
  });

  it('refuses a query field the schema lacks', () => {
    expect(() => fieldsWithResolvers(schemaWith(false), 'nothing')).toThrow(/lacks/);
  });
});
