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
 * Mutations that check a secret: once per document (fragments included), so aliases cannot
 * multiply guesses within one request.
 */
const ONCE_PER_DOCUMENT = new Set(['login', 'changePassword']);

function oncePerDocument(context: ValidationContext): ASTVisitor {
  const seen = new Map<string, number>();
  return {
    Field(node) {
      if (!ONCE_PER_DOCUMENT.has(node.name.value)) return;
      const parent = context.getParentType();
      if (parent?.name !== 'Mutation') return;
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
