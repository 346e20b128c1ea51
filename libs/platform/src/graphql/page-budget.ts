import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type ASTVisitor,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { PAGE_SIZE_LIMIT } from './pagination';

/**
 * List items a document's pages may ask for in all: three full pages. graphql-armor's cost
 * multiplies by `first` only where it is written as a number, so `first: $n`, or no `first` (a
 * page of 50), let fifteen aliased pages of 100 through; here a variable counts as the largest
 * page it could be, a missing `first` as its default, and a page inside a page multiplies.
 */
export const PAGE_ITEMS_LIMIT = 3 * PAGE_SIZE_LIMIT;

function itemsOf(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  multiplier: number,
  spread: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field =
        parent && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[selection.name.value]
          : undefined;
      if (!field) continue;
      let size = 1;
      const first = field.args.find((arg) => arg.name === 'first');
      if (first) {
        const given = selection.arguments?.find((arg) => arg.name.value === 'first')?.value;
        size =
          given?.kind === Kind.INT
            ? Number(given.value)
            : given
              ? PAGE_SIZE_LIMIT
              : typeof first.defaultValue === 'number'
                ? first.defaultValue
                : PAGE_SIZE_LIMIT;
        total += multiplier * size;
      }
      if (selection.selectionSet)
        total += itemsOf(
          context,
          selection.selectionSet,
          getNamedType(field.type),
          multiplier * size,
          spread,
        );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? context.getSchema().getType(selection.typeCondition.name.value)
        : parent;
      total += itemsOf(context, selection.selectionSet, type ?? undefined, multiplier, spread);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || spread.has(name)) continue; // a cycle is NoFragmentCyclesRule's to report
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      total += itemsOf(
        context,
        fragment.selectionSet,
        type ?? undefined,
        multiplier,
        new Set([...spread, name]),
      );
    }
  }
  return total;
}

/** Refuses a document whose pages together could ask for more than PAGE_ITEMS_LIMIT items. */
export function pageBudget(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = schema.getRootType(node.operation);
      const items = itemsOf(context, node.selectionSet, root ?? undefined, 1, new Set());
      if (items > PAGE_ITEMS_LIMIT)
        context.reportError(
          new GraphQLError(
            `This request's pages could return ${items} items; at most ${PAGE_ITEMS_LIMIT} in one request (a first given as a variable counts as ${PAGE_SIZE_LIMIT}): ask for fewer or smaller pages.`,
            { nodes: [node] },
          ),
        );
    },
  };
}
