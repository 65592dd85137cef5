import { GraphQLError } from 'graphql';

/** Largest page graphql-ruby returns; bigger `first` / `last` values are silently capped. */
export const MAX_PAGE_SIZE = 100;

/** Connection arguments. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** One ordering column of a keyset: its cursor name, value and direction. */
export interface KeysetColumn<T> {
  name: string;
  value(item: T): number | string | null;
  /** Turns a value into its cursor text and back. */
  format?(value: number | string): string;
  parse?(text: string): number | string;
  descending?: boolean;
}

/** A Relay connection as returned to the GraphQL executor. */
export interface Connection<T> {
  count: number;
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type Key = Array<number | string | null>;

/**
 * Paginates a list with keyset cursors (base64 JSON of the ordering columns, like GitLab's).
 * The list is sorted here, so cursors stay valid while data changes.
 */
export function keysetConnection<T>(
  items: T[],
  columns: KeysetColumn<T>[],
  args: ConnectionArgs,
): Connection<T> {
  const keyOf = (item: T): Key => columns.map(c => c.value(item));
  const compare = (a: Key, b: Key): number => {
    for (let i = 0; i < columns.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      // NULLS LAST in both directions, like GitLab's nullable keyset columns.
      if (x === null) return 1;
      if (y === null) return -1;
      const order = x < y ? -1 : 1;
      return columns[i].descending ? -order : order;
    }
    return 0;
  };
  const decorated = items.map(item => ({ item, key: keyOf(item) }));
  decorated.sort((a, b) => compare(a.key, b.key));

  let start = 0;
  let end = decorated.length;
  if (args.after) {
    const after = decodeCursor(args.after, columns);
    while (start < end && compare(decorated[start].key, after) <= 0) start++;
  }
  if (args.before) {
    const before = decodeCursor(args.before, columns);
    while (end > start && compare(decorated[end - 1].key, before) >= 0) end--;
  }
  const windowStart = start;
  const windowEnd = end;
  const first = clampPageSize(args.first);
  const last = clampPageSize(args.last);
  if (first !== undefined) {
    end = Math.min(end, start + first);
  }
  if (last !== undefined) {
    start = Math.max(start, end - last);
  }
  if (first === undefined && last === undefined) {
    end = Math.min(end, start + MAX_PAGE_SIZE);
  }
  const page = decorated.slice(start, end);
  const edges = page.map(({ item, key }) => ({
    cursor: encodeCursor(key, columns),
    node: item,
  }));
  return {
    count: items.length,
    nodes: page.map(p => p.item),
    edges,
    pageInfo: {
      hasNextPage:
        end < windowEnd ||
        (Boolean(args.before) && windowEnd < decorated.length),
      hasPreviousPage:
        start > windowStart || (Boolean(args.after) && windowStart > 0),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Keyset columns for a list kept in its given order (cursor = position). */
export function positionColumns<T>(items: T[]): KeysetColumn<T>[] {
  const positions = new Map<T, number>(
    items.map((item, index) => [item, index]),
  );
  return [{ name: 'id', value: item => positions.get(item) ?? 0 }];
}

function clampPageSize(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  return Math.max(0, Math.min(value, MAX_PAGE_SIZE));
}

function encodeCursor<T>(key: Key, columns: KeysetColumn<T>[]): string {
  const payload: Record<string, string | null> = {};
  columns.forEach((column, index) => {
    const value = key[index];
    if (value === null) {
      payload[column.name] = null;
    } else {
      payload[column.name] = column.format
        ? column.format(value)
        : String(value);
    }
  });
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor<T>(cursor: string, columns: KeysetColumn<T>[]): Key {
  try {
    const payload = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof payload !== 'object' || payload === null) {
      throw new Error('not an object');
    }
    return columns.map(column => {
      const text = payload[column.name];
      if (text === null) return null;
      if (typeof text !== 'string') throw new Error('missing column');
      const value = column.parse ? column.parse(text) : Number(text);
      if (typeof value === 'number' && Number.isNaN(value))
        throw new Error('bad value');
      return value;
    });
  } catch {
    throw new GraphQLError('Please provide a valid cursor');
  }
}
