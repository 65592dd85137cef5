import { FieldNode, Kind, parse, SelectionSetNode, ValueNode } from 'graphql';

const CONNECTION_PARTS = new Set(['nodes', 'edges', 'pageInfo']);

/** Fields GitLab declares with a fixed complexity. */
const FIXED: Record<string, number> = { mergedAt: 5, labels: 5 };

/** Fields GitLab marks as calling Gitaly, which adds 1. */
const GITALY = new Set(['diffStats', 'diffStatsSummary']);

function argumentValue(
  value: ValueNode,
  variables: Record<string, unknown>,
): unknown {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  return undefined;
}

function isConnection(field: FieldNode): boolean {
  return Boolean(
    field.selectionSet?.selections.some(
      s => s.kind === Kind.FIELD && CONNECTION_PARTS.has(s.name.value),
    ),
  );
}

function selectionScore(
  set: SelectionSetNode | undefined,
  variables: Record<string, unknown>,
): number {
  let total = 0;
  for (const selection of set?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    total += fieldScore(selection, variables);
  }
  return total;
}

function fieldScore(
  field: FieldNode,
  variables: Record<string, unknown>,
): number {
  const children = selectionScore(field.selectionSet, variables);
  const name = field.name.value;
  if (FIXED[name] !== undefined) return FIXED[name] + children;
  if (!isConnection(field)) return 1 + (GITALY.has(name) ? 1 : 0) + children;
  const args = new Map(
    (field.arguments ?? []).map(a => [
      a.name.value,
      argumentValue(a.value, variables),
    ]),
  );
  const first = args.get('first');
  const pageSize = Math.min(100, typeof first === 'number' ? first : 100);
  // GitLab's resolvers: 1 for the field, 1 more with `sort`, and 1% more per
  // item loaded (so 100 items double the cost).
  const own = 1 + (field.arguments?.some(a => a.name.value === 'sort') ? 1 : 0);
  return Math.ceil((own + children) * (1 + 0.01 * pageSize));
}

/**
 * An estimate of the complexity GitLab computes for a query (its limit is
 * 250 for an authenticated request): every field costs 1 (a few cost more),
 * and a connection's cost grows by 1% per item of its page. It errs high:
 * GitLab does not grow the cost of a lookup by `iids`.
 * @internal
 */
export function estimateComplexity(
  query: string,
  variables: Record<string, unknown> = {},
): number {
  let total = 0;
  for (const definition of parse(query).definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      total += selectionScore(definition.selectionSet, variables);
    }
  }
  return total;
}
