import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from './connection';

/** GitLab's limits (GitlabSchema): complexity and depth for anonymous and authenticated callers. */
export const LIMITS = {
  anonymous: { complexity: 200, depth: 15 },
  authenticated: { complexity: 250, depth: 20 },
} as const;

/**
 * Fields backed by a resolver class in GitLab: they cost `child + 1` (+1 when `sort` is given),
 * and when they return a connection the cost grows by 1% per requested item.
 */
const RESOLVER_FIELDS = new Set([
  'Query.currentUser',
  'Query.metadata',
  'Query.project',
  'Query.projects',
  'Query.group',
  'Group.mergeRequests',
  'Group.projects',
  'Project.issues',
  'Project.mergeRequest',
  'Project.mergeRequests',
  'MergeRequest.notes',
  'MergeRequest.userNotesCount',
  'MergeRequest.userDiscussionsCount',
  'MergeRequest.upvotes',
  'MergeRequest.downvotes',
]);

/** Fields declared with a constant `complexity:` in GitLab's types. */
const CONSTANT_COMPLEXITY: Record<string, number> = {
  'MergeRequest.mergedAt': 5,
  'MergeRequest.labels': 5,
};

/** Fields declared with `calls_gitaly: true` (one extra point). */
const GITALY_FIELDS = new Set([
  'MergeRequest.diffStats',
  'MergeRequest.diffStatsSummary',
]);

/** The computed cost of an operation. */
export interface QueryCost {
  complexity: number;
  depth: number;
  introspectionOnly: boolean;
}

/** Computes GitLab's complexity and depth of the selected operation. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown>,
): QueryCost {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  const operation = operationName
    ? operations.find(o => o.name?.value === operationName)
    : operations[0];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
  }
  if (!operation) {
    return { complexity: 0, depth: 0, introspectionOnly: true };
  }
  const roots = {
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
  };
  const root = roots[operation.operation];
  if (!root) {
    return { complexity: 0, depth: 0, introspectionOnly: true };
  }
  const context = { schema, fragments, variables };
  const rootFields = collectFields(context, root, [operation.selectionSet]);
  const introspectionOnly = [...rootFields.keys()].every(k =>
    rootFields.get(k)![0].name.value.startsWith('__'),
  );
  return {
    complexity: selectionComplexity(context, root, [operation.selectionSet]),
    depth: selectionDepth(context, root, [operation.selectionSet]),
    introspectionOnly,
  };
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** Groups the fields of selection sets by response key, as graphql-ruby merges them. */
function collectFields(
  context: CostContext,
  type: GraphQLCompositeType,
  selectionSets: SelectionSetNode[],
  into = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const set of selectionSets) {
    for (const selection of set.selections) {
      if (selection.kind === 'Field') {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === 'InlineFragment') {
        collectFields(context, type, [selection.selectionSet], into, visited);
      } else {
        const name = selection.name.value;
        const fragment = context.fragments.get(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          collectFields(context, type, [fragment.selectionSet], into, visited);
        }
      }
    }
  }
  return into;
}

function fieldDefinition(
  type: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || 'getFields' in type
    ? (type as any).getFields()[name]
    : undefined;
}

function childSelectionSets(nodes: FieldNode[]): SelectionSetNode[] {
  return nodes
    .map(n => n.selectionSet)
    .filter((s): s is SelectionSetNode => Boolean(s));
}

function selectionComplexity(
  context: CostContext,
  type: GraphQLCompositeType,
  selectionSets: SelectionSetNode[],
): number {
  let total = 0;
  for (const nodes of collectFields(context, type, selectionSets).values()) {
    const name = nodes[0].name.value;
    if (name === '__typename') {
      total += 1;
      continue;
    }
    const field = fieldDefinition(type, name);
    if (!field) continue;
    const named = getNamedType(field.type);
    const children = childSelectionSets(nodes);
    const child =
      children.length && isCompositeType(named)
        ? selectionComplexity(context, named, children)
        : 0;
    total += fieldComplexity(context, type.name, field, nodes[0], child);
  }
  return total;
}

function fieldComplexity(
  context: CostContext,
  typeName: string,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  child: number,
): number {
  const key = `${typeName}.${field.name}`;
  if (CONSTANT_COMPLEXITY[key] !== undefined) {
    return CONSTANT_COMPLEXITY[key] + child;
  }
  const gitaly = GITALY_FIELDS.has(key) ? 1 : 0;
  if (!RESOLVER_FIELDS.has(key)) {
    return 1 + gitaly + child;
  }
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(field, node, context.variables);
  } catch {
    args = {};
  }
  let complexity =
    child +
    1 +
    (args.sort !== undefined && args.sort !== null ? 1 : 0) +
    gitaly;
  if (getNamedType(field.type).name.endsWith('Connection')) {
    const limits = [args.first, args.last, MAX_PAGE_SIZE].filter(
      (v): v is number => typeof v === 'number',
    );
    const limit = Math.min(...limits);
    const hasIds = [args.iid, args.iids].some(
      v => v !== undefined && v !== null,
    );
    const multiplier = hasIds ? 0 : 0.01;
    complexity += complexity * limit * multiplier;
  }
  return Math.trunc(complexity);
}

function selectionDepth(
  context: CostContext,
  type: GraphQLCompositeType,
  selectionSets: SelectionSetNode[],
): number {
  let max = 0;
  for (const nodes of collectFields(context, type, selectionSets).values()) {
    const name = nodes[0].name.value;
    // graphql-ruby leaves introspection fields out of the depth.
    if (name.startsWith('__')) continue;
    const field = fieldDefinition(type, name);
    if (!field) continue;
    const named = getNamedType(field.type);
    const children = childSelectionSets(nodes);
    const depth =
      1 +
      (children.length && isCompositeType(named)
        ? selectionDepth(context, named, children)
        : 0);
    max = Math.max(max, depth);
  }
  return max;
}
