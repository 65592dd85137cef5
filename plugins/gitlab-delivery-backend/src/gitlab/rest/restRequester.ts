import { Gitlab } from '@gitbeaker/rest';
import { HttpTransport } from '../HttpTransport';

type GitlabOptions = NonNullable<ConstructorParameters<typeof Gitlab>[0]>;
type RequesterFn = NonNullable<GitlabOptions['requesterFn']>;
type Requester = ReturnType<RequesterFn>;

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`);
}

/** Gitbeaker's search parameters (camelCase keys) as a GitLab query string. */
function queryString(searchParams: unknown): string {
  if (!searchParams) return '';
  if (typeof searchParams === 'string') return searchParams;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(
    searchParams as Record<string, unknown>,
  )) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value)
        params.append(`${snakeCase(key)}[]`, String(item));
    } else {
      params.append(snakeCase(key), String(value));
    }
  }
  return params.toString();
}

/**
 * A gitbeaker requester that sends every REST call through the host's
 * {@link HttpTransport}, so REST shares the credentials, TLS dispatcher, rate
 * budget, retries, request count and error messages of GraphQL. URLs are built
 * from the configured `apiBaseUrl` as is, so GitLab under a path prefix works.
 * @internal
 */
export function createRestRequester(
  transport: HttpTransport,
  apiBaseUrl: string,
): RequesterFn {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const call =
    (method: 'GET' | 'POST') =>
    async (
      endpoint: string,
      options?: { searchParams?: unknown; body?: unknown },
    ) => {
      const query = queryString(options?.searchParams);
      const request = {
        method,
        url: `${base}/${endpoint.replace(/^\/+/, '')}${
          query ? `?${query}` : ''
        }`,
        headers:
          options?.body === undefined
            ? undefined
            : { 'content-type': 'application/json' },
        body:
          options?.body === undefined
            ? undefined
            : JSON.stringify(options.body),
      };
      const response = await transport.send(request);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const body =
        response.status === 204 || response.text === ''
          ? null
          : transport.parse<Record<string, unknown>>(request, response);
      return { body, headers, status: response.status } as never;
    };
  const unsupported = async () => {
    throw new Error('The plugin only reads from GitLab');
  };
  return (): Requester =>
    ({
      get: call('GET'),
      post: call('POST'),
      put: unsupported,
      patch: unsupported,
      delete: unsupported,
    } as unknown as Requester);
}
