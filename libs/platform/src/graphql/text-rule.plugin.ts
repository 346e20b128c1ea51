import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '../errors/domain-error';
import { firstControlCharacter, TEXT_RULE } from '../input/text-rule';

function refusal(path: string): GraphQLError {
  return new GraphQLError(`${path}: ${TEXT_RULE}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [path], http: { status: 400 } },
  });
}

/** The argument path (`createRecord.input.source`) of the first literal string that breaks the rule. */
function firstInLiterals(document: DocumentNode): string | null {
  const names: string[] = [];
  let found: string | null = null;
  visit(document, {
    Field: {
      enter: (node) => void names.push(node.name.value),
      leave: () => void names.pop(),
    },
    Argument: {
      enter: (node) => void names.push(node.name.value),
      leave: () => void names.pop(),
    },
    ObjectField: {
      enter: (node) => void names.push(node.name.value),
      leave: () => void names.pop(),
    },
    StringValue(node) {
      if (found === null && node.kind === Kind.STRING) {
        found = firstControlCharacter(node.value, names.join('.'));
      }
    },
  });
  return found;
}

/**
 * Apollo keeps one parsed document per query text (its document store), so a literal's verdict
 * is the document's: found once, not walked again on every request that sends the same text.
 */
const LITERAL_VERDICTS = new WeakMap<DocumentNode, string | null>();

function firstInLiteralsOnce(document: DocumentNode): string | null {
  let verdict = LITERAL_VERDICTS.get(document);
  if (verdict === undefined) LITERAL_VERDICTS.set(document, (verdict = firstInLiterals(document)));
  return verdict;
}

/**
 * Applies the text rule to every variable and every literal argument of an operation before it
 * runs: one refusal, BAD_USER_INPUT naming the field, instead of a database error deep inside.
 */
export function textRulePlugin(): ApolloServerPlugin {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin API is async
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didResolveOperation({ request, document }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const path = firstControlCharacter(value, name);
            if (path) throw refusal(path);
          }
          const literal = firstInLiteralsOnce(document);
          if (literal) throw refusal(literal);
        },
      };
    },
  };
}
