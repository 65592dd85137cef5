import { GitlabClient, RestAnswer } from '../../../gitlab/GitlabClient';
import { GitlabError, isGitlabError } from '../../../gitlab/GitlabError';

/** One REST answer, or the GitLab error that stood in its way. @internal */
export type Answer = RestAnswer | GitlabError;

/** Sends one GET through the client; a {@link GitlabError} is returned, not thrown. @internal */
export async function ask(
  client: GitlabClient,
  path: string,
  query?: Record<string, string>,
): Promise<Answer> {
  try {
    return await client.inspect(path, query);
  } catch (error) {
    if (isGitlabError(error)) return error;
    throw error;
  }
}

/** Whether an answer is a failure to get one. @internal */
export function failed(answer: Answer): answer is GitlabError {
  return answer instanceof GitlabError;
}

/** A field of a JSON object body, if there is one. @internal */
export function field(answer: Answer, name: string): unknown {
  if (failed(answer)) return undefined;
  const body = answer.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return undefined;
  }
  return (body as Record<string, unknown>)[name];
}

/** GitLab's 403 for a token without the scope an endpoint needs. @internal */
export function isInsufficientScope(answer: Answer): boolean {
  return (
    !failed(answer) &&
    answer.status === 403 &&
    field(answer, 'error') === 'insufficient_scope'
  );
}

/** GitLab's 403 for every request of a blocked user. @internal */
export function isBlockedUser(answer: Answer): boolean {
  const message = field(answer, 'message');
  return (
    !failed(answer) &&
    answer.status === 403 &&
    typeof message === 'string' &&
    /blocked/i.test(message)
  );
}

/** GitLab's RateLimit headers of an answer: the requests left of the limit. @internal */
export function rateLimitOf(
  answer: Answer,
): { limit: number; remaining: number } | undefined {
  if (failed(answer)) return undefined;
  const limit = Number(answer.headers.get('ratelimit-limit') ?? NaN);
  const remaining = Number(answer.headers.get('ratelimit-remaining') ?? NaN);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
  return { limit, remaining };
}
