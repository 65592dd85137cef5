/** One request as the simulator saw it. */
export interface RequestLogEntry {
  /** Position in the log, from 1; keeps counting across `clearRequests()`. */
  seq: number;
  method: string;
  /** Path as sent, without the query string (still URL-encoded). */
  path: string;
  query: Record<string, string>;
  /** Status actually sent; 0 when no response was sent (timeout, reset). */
  status: number;
  kind: 'rest' | 'graphql' | 'oauth' | 'other';
  operationName?: string;
  graphqlQuery?: string;
  graphqlVariables?: unknown;
  tokenName?: string;
  at: string;
}

/** Classifies a request path. */
export function requestKind(path: string): RequestLogEntry['kind'] {
  if (path === '/api/graphql' || path.startsWith('/api/graphql/')) {
    return 'graphql';
  }
  if (path.startsWith('/api/v4/') || path === '/api/v4') {
    return 'rest';
  }
  if (path.startsWith('/oauth/')) {
    return 'oauth';
  }
  return 'other';
}

/** Flattens a raw query string; repeated keys are joined with commas. */
export function flattenQuery(search: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return result;
}
