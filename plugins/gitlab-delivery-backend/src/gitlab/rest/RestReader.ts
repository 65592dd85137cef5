import { GitlabClient } from '../GitlabClient';
import { GitlabError, isGitlabError } from '../GitlabError';
import { GitlabIssue, GitlabProject, GitlabStateEvent } from '../types';

function toIssue(value: unknown): GitlabIssue | undefined {
  const issue = value as {
    iid?: number;
    project_id?: number;
    title?: string;
    web_url?: string;
    references?: { full?: string };
  };
  if (typeof issue?.iid !== 'number') return undefined;
  return {
    iid: issue.iid,
    projectId: issue.project_id ?? 0,
    title: issue.title ?? '',
    webUrl: issue.web_url ?? '',
    reference: issue.references?.full ?? null,
  };
}

/**
 * What only REST answers: a project by id, or by a path it had before a move
 * (REST follows GitLab's redirect routes, GraphQL's `project(fullPath:)` does
 * not); the state events of an MR on GitLab without `MergeRequest.closedAt`;
 * and the closing issues GitLab computed, for instances with a custom
 * closing pattern.
 * @internal
 */
export class RestReader {
  /** Aborts every request of the reader: set for a sync run by its task's signal. */
  signal?: AbortSignal;

  constructor(private readonly client: GitlabClient) {}

  /** The project with a numeric id or a full path; undefined when GitLab shows none. */
  async findProject(
    idOrPath: number | string,
  ): Promise<GitlabProject | undefined> {
    try {
      const project = (await this.client.rest.Projects.show(idOrPath)) as {
        id: number;
        path_with_namespace: string;
        web_url: string;
      };
      return {
        id: project.id,
        fullPath: project.path_with_namespace,
        webUrl: project.web_url,
      };
    } catch (error) {
      if (isGitlabError(error, 'not_found')) return undefined;
      throw error;
    }
  }

  /**
   * The state changes of an MR (REST `resource_state_events`), oldest first;
   * none when GitLab no longer shows the MR. Asked directly: gitbeaker's
   * MergeRequestStateEvents leaves `projects/` out of the path.
   */
  async stateEvents(
    projectId: number,
    iid: number,
  ): Promise<GitlabStateEvent[]> {
    const answer = await this.client.inspect(
      `projects/${projectId}/merge_requests/${iid}/resource_state_events`,
      { per_page: '100' },
      this.signal,
    );
    if (answer.status === 404) return [];
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      throw new GitlabError({
        code: answer.status === 403 ? 'forbidden' : 'invalid_response',
        host: this.client.host,
        status: answer.status,
        message: `GitLab at ${this.client.host} answered ${answer.status} for the state events of !${iid} in project ${projectId}`,
      });
    }
    const events = answer.body as Array<{ state: string; created_at: string }>;
    return events
      .map(event => ({ state: event.state, createdAt: event.created_at }))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }

  /** The issues GitLab says an MR closes when merged (REST `closes_issues`). */
  async closingIssues(projectId: number, iid: number): Promise<GitlabIssue[]> {
    const issues = await this.client.rest.MergeRequests.allIssuesClosed(
      projectId,
      iid,
    );
    return (issues as unknown[])
      .map(toIssue)
      .filter((issue): issue is GitlabIssue => issue !== undefined);
  }
}
