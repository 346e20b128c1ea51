import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { pageBudget } from './page-budget';

/**
 * What one GraphQL document may ask of the server. Pages are capped at
 * 100 by each list's own arguments; these limits catch what no single argument does.
 */
export const QUERY_LIMITS = {
  aliases: 15,
  depth: 6,
  tokens: 1000,
  directives: 50,
  /**
   * graphql-armor's estimate: objects 2, scalars 1, ×1.5 per level, × a literal `first`. A full page
   * of 100 provisions with every field costs about 7,600; two such pages written with a literal
   * `first` do not pass. A `first` from a variable is counted by pageBudget (page-budget.ts).
   */
  cost: 10_000,
} as const;

/**
 * Fields once per document (fragments included), by the root type they are on: mutations that
 * check a secret, so aliases cannot multiply guesses within one request; and the replay of the
 * whole ledger, so aliases cannot multiply its cost.
 */
const ONCE_PER_DOCUMENT = new Map([
  ['login', 'Mutation'],
  ['changePassword', 'Mutation'],
  ['verifyLedger', 'Query'],
]);

function oncePerDocument(context: ValidationContext): ASTVisitor {
  const seen = new Map<string, number>();
  return {
    Field(node) {
      const root = ONCE_PER_DOCUMENT.get(node.name.value);
      if (!root || context.getParentType()?.name !== root) return;
      const count = (seen.get(node.name.value) ?? 0) + 1;
      seen.set(node.name.value, count);
      if (count === 2) {
        context.reportError(
          new GraphQLError(`${node.name.value} may appear once per request.`, { nodes: [node] }),
        );
      }
    },
  };
}

/** graphql-armor's validation rules and plugins, with our limits, plus our own rule. */
export function queryLimits() {
  const protection = new ApolloArmor({
    maxAliases: { n: QUERY_LIMITS.aliases, allowList: [] },
    maxDepth: { n: QUERY_LIMITS.depth, flattenFragments: true },
    maxTokens: { n: QUERY_LIMITS.tokens },
    maxDirectives: { n: QUERY_LIMITS.directives },
    costLimit: { maxCost: QUERY_LIMITS.cost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    plugins: protection.plugins,
    validationRules: [...protection.validationRules, oncePerDocument, pageBudget],
  };
}
