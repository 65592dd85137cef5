import { GitlabClient } from '../GitlabClient';
import { isGitlabError } from '../GitlabError';
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

  /** The state changes of an MR (REST `resource_state_events`), oldest first. */
  async stateEvents(
    projectId: number,
    iid: number,
  ): Promise<GitlabStateEvent[]> {
    const events = (await this.client.rest.MergeRequestStateEvents.all(
      projectId,
      iid,
    )) as unknown as Array<{ state: string; created_at: string }>;
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
