import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Validation rules against hostile queries: a maximum selection depth, a maximum number of
 * aliases, and a maximum number of field selections (a simple complexity bound). Fragments are
 * followed; a fragment cycle is left to graphql's own NoFragmentCycles rule.
 */
export const LIMITS = { depth: 12, aliases: 30, fields: 1500 };
/** The standard introspection query (GraphiQL, codegen) nests 13 levels: allowed for it alone. */
const INTROSPECTION_DEPTH = 20;
/** graphql-js stops parsing a document past this many tokens (the web's largest has ~150). */
export const MAX_DOCUMENT_TOKENS = 5000;

function measure(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  seen: Set<string>,
  acc: { depth: number; aliases: number; fields: number },
) {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      acc.fields++;
      if (sel.alias) acc.aliases++;
      if (depth + 1 > acc.depth) acc.depth = depth + 1;
      if (sel.selectionSet) measure(sel.selectionSet, fragments, depth + 1, seen, acc);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      measure(sel.selectionSet, fragments, depth, seen, acc);
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const f = fragments[sel.name.value];
      if (!f || seen.has(f.name.value)) continue;
      seen.add(f.name.value);
      measure(f.selectionSet, fragments, depth, seen, acc);
      seen.delete(f.name.value);
    }
    if (acc.fields > LIMITS.fields * 10) return; // stop measuring absurd documents early
  }
}

export function queryLimits(context: ValidationContext): ASTVisitor {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of context.getDocument().definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return {
    OperationDefinition(op) {
      const acc = { depth: 0, aliases: 0, fields: 0 };
      measure(op.selectionSet, fragments, 0, new Set(), acc);
      // introspection alone (__schema / __type at the top): where it is enabled (not production,
      // where Apollo refuses it) the standard query of GraphiQL and codegen must pass
      const introspectionOnly = op.selectionSet.selections.every(
        (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
      );
      const maxDepth = introspectionOnly ? INTROSPECTION_DEPTH : LIMITS.depth;
      if (acc.depth > maxDepth)
        context.reportError(
          new GraphQLError(`query is nested ${acc.depth} levels deep; at most ${maxDepth} are allowed`, {
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      if (acc.aliases > LIMITS.aliases)
        context.reportError(
          new GraphQLError(`query uses ${acc.aliases} aliases; at most ${LIMITS.aliases} are allowed`, {
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      if (acc.fields > LIMITS.fields)
        context.reportError(
          new GraphQLError(`query selects ${acc.fields} fields; at most ${LIMITS.fields} are allowed`, {
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
    },
  };
}
