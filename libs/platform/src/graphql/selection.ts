import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function namesIn(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  names: ReadonlySet<string>,
  seen: Set<string>,
): boolean {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (names.has(selection.name.value)) return true;
      if (namesIn(selection.selectionSet, info, names, seen)) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (namesIn(selection.selectionSet, info, names, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      if (namesIn(info.fragments[selection.name.value]?.selectionSet, info, names, seen))
        return true;
    }
  }
  return false;
}

/**
 * Whether the answer asks, anywhere below the field being resolved (a connection's nodes
 * included), for a field of one of these names: so a resolver opens sealed texts, and records
 * that it did, only when someone will read them.
 */
export function selectsAny(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const wanted = new Set(names);
  return info.fieldNodes.some((node) => namesIn(node.selectionSet, info, wanted, new Set()));
}
