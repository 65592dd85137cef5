import type { GitlabSimulator } from '../server';

/** A parsed response for assertions. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** Calls the simulator with an optional token sent as PRIVATE-TOKEN. */
export async function call(
  sim: GitlabSimulator,
  path: string,
  options: {
    token?: string;
    bearer?: string;
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['PRIVATE-TOKEN'] = options.token;
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body =
      typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  }
  const response = await fetch(`${sim.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: parsed,
  };
}

/** Runs a GraphQL query. */
export function graphql(
  sim: GitlabSimulator,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = 'glpat-demo-token',
  operationName?: string,
): Promise<TestResponse> {
  return call(sim, '/api/graphql', {
    bearer: token ?? undefined,
    body: { query, variables, ...(operationName ? { operationName } : {}) },
  });
}

/** A fixed clock for generated data. */
export const NOW = '2026-11-01T00:00:00Z';
