import { DateTime } from 'luxon';
import {
  GitlabClient,
  GraphqlError,
  GraphqlProblem,
  HostFeatures,
} from './GitlabClient';
import { GitlabError, isGitlabError } from './GitlabError';
import {
  mergeRequestListQuery,
  mergeRequestNotesBatchQuery,
  mergeRequestNotesPageQuery,
  PAGE_SIZE,
  projectQuery,
  QueryFeatures,
} from './queries';
import {
  GitlabApproval,
  GitlabIssue,
  GitlabMergeRequest,
  GitlabNote,
  GitlabProject,
  GitlabStateEvent,
  MergeRequestPage,
} from './types';

/**
 * MRs per notes query. GitLab does not grow the complexity of a lookup by
 * `iids` with the batch (queries.test.ts checks it stays far below 250), so
 * the batch is bounded by the size of the answer: up to 100 notes per MR.
 * @internal
 */
export const NOTES_BATCH_SIZE = 50;

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<T | null> | null;
}

interface UserNode {
  username: string;
  bot?: boolean | null;
}

interface MergeRequestNode {
  id: string;
  iid: string;
  title: string;
  description: string | null;
  state: string;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt?: string | null;
  webUrl: string | null;
  sourceBranch: string;
  targetBranch: string;
  author: UserNode | null;
  mergeUser: UserNode | null;
  labels: Connection<{ title: string }> | null;
  diffStatsSummary: {
    additions: number;
    deletions: number;
    fileCount: number;
  } | null;
  userNotesCount: number | null;
}

interface NoteNode {
  system: boolean;
  body: string;
  createdAt: string;
  systemNoteIconName: string | null;
  author: UserNode | null;
}

interface ProjectNode {
  id: string;
  fullPath: string;
  webUrl: string;
}

/** The numeric id in a GitLab global id such as `gid://gitlab/Project/12`. */
function numericId(gid: string): number {
  const match = /(\d+)$/.exec(gid);
  return match ? Number(match[1]) : NaN;
}

function toProject(node: ProjectNode): GitlabProject {
  return {
    id: numericId(node.id),
    fullPath: node.fullPath,
    webUrl: node.webUrl,
  };
}

function nodesOf<T>(connection: Connection<T> | null | undefined): T[] {
  return (connection?.nodes ?? []).filter((n): n is T => n !== null);
}

// Deleted users show as null authors; GitLab calls them "ghost".
const GHOST = 'ghost';

function toMergeRequest(node: MergeRequestNode): GitlabMergeRequest {
  const stats = node.diffStatsSummary;
  const record: GitlabMergeRequest = {
    id: numericId(node.id),
    iid: Number(node.iid),
    title: node.title,
    description: node.description || null,
    state: node.state.toLowerCase() as GitlabMergeRequest['state'],
    draft: Boolean(node.draft),
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    mergedAt: node.mergedAt ?? null,
    webUrl: node.webUrl ?? '',
    sourceBranch: node.sourceBranch,
    targetBranch: node.targetBranch,
    author: node.author?.username ?? GHOST,
    mergeUser: node.mergeUser?.username ?? null,
    labels: nodesOf(node.labels).map(label => label.title),
    additions: stats ? stats.additions : null,
    deletions: stats ? stats.deletions : null,
    fileCount: stats ? stats.fileCount : null,
    userNotesCount: node.userNotesCount ?? null,
  };
  if (node.closedAt !== undefined) record.closedAt = node.closedAt;
  return record;
}

function toNote(node: NoteNode): GitlabNote {
  return {
    system: node.system,
    body: node.body,
    createdAt: node.createdAt,
    author: node.author?.username ?? null,
    authorIsBot: Boolean(node.author?.bot),
    systemNoteIconName: node.systemNoteIconName ?? null,
  };
}

/** Whether a GraphQL problem says the schema lacks `name` (an argument or a field). */
function lacks(problem: GraphqlProblem, name: string): boolean {
  const mentions =
    problem.name === name ||
    problem.message.includes(`'${name}'`) ||
    problem.message.includes(`$${name}`);
  return (
    mentions &&
    (problem.code === undefined ||
      problem.code === 'argumentNotAccepted' ||
      problem.code === 'undefinedField' ||
      problem.code === 'variableNotUsed')
  );
}

function millis(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

/**
 * Reads merge request metadata from one GitLab host: the changed-MR list
 * (GraphQL), notes in batches (GraphQL), and approvals, closing issues and
 * state events (REST, where GraphQL has no answer).
 * @internal
 */
export class MergeRequestReader {
  private batchSize: number;

  /** @param options.notesBatchSize - MRs per notes query (default {@link NOTES_BATCH_SIZE}) */
  constructor(
    private readonly client: GitlabClient,
    options: { notesBatchSize?: number } = {},
  ) {
    this.batchSize = options.notesBatchSize ?? NOTES_BATCH_SIZE;
  }

  /** The host this reader talks to. */
  get host(): string {
    return this.client.host;
  }

  /** What the host supports beyond GitLab's 2022 schema, as learned so far. */
  get features(): HostFeatures {
    return this.client.features;
  }

  /** The project at a full path, or null when GitLab shows none to this token. */
  async findProject(fullPath: string): Promise<GitlabProject | null> {
    const data = await this.client.graphql<{ project: ProjectNode | null }>(
      projectQuery(),
      { fullPath },
      `project ${fullPath}`,
    );
    return data.project ? toProject(data.project) : null;
  }

  /**
   * The project with a numeric id or a full path, through REST (which also
   * follows a moved project's old path). Throws `not_found` with a message
   * that names the annotation to check.
   */
  async getProject(idOrPath: number | string): Promise<GitlabProject> {
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
      if (isGitlabError(error, 'not_found')) {
        throw this.projectNotFound(idOrPath);
      }
      throw error;
    }
  }

  /** The error for a project GitLab does not show to the token's user. */
  projectNotFound(idOrPath: number | string): GitlabError {
    const host = this.client.host;
    const named =
      typeof idOrPath === 'number'
        ? `with id ${idOrPath}; check gitlab.com/project-id`
        : `"${idOrPath}"; check the full path (every group, as in the project's URL) in gitlab.com/project-slug`;
    return new GitlabError({
      code: 'not_found',
      host,
      status: 404,
      message: `GitLab at ${host} shows no project ${named}, and check that the token's user is a member of the project with the Reporter role or higher (GitLab answers "not found" for projects the user cannot see)`,
    });
  }

  /**
   * The project's MRs updated at or after `since`, in pages ordered by
   * `updatedAt`, oldest first, so a caller can store each page and move its
   * cursor. On GitLab before 15.8 (no `updatedAfter`) the list is read newest
   * first down to `since`, then handed out oldest first.
   */
  async *changedSince(
    fullPath: string,
    since: string,
  ): AsyncGenerator<MergeRequestPage> {
    let page = await this.listPage(fullPath, since, null);
    if (page.features.updatedAfter) {
      for (;;) {
        yield { project: page.project, mergeRequests: page.mergeRequests };
        if (!page.next) return;
        page = await this.listPage(fullPath, since, page.next);
      }
    }
    const sinceMs = millis(since);
    const collected = new Map<number, GitlabMergeRequest>();
    for (;;) {
      let reachedOlder = false;
      for (const mergeRequest of page.mergeRequests) {
        if (millis(mergeRequest.updatedAt) < sinceMs) {
          reachedOlder = true;
          break;
        }
        // An MR updated while paging shows up twice; keep its newest state.
        const seen = collected.get(mergeRequest.iid);
        if (!seen || millis(seen.updatedAt) < millis(mergeRequest.updatedAt)) {
          collected.set(mergeRequest.iid, mergeRequest);
        }
      }
      if (reachedOlder || !page.next) break;
      page = await this.listPage(fullPath, since, page.next);
    }
    const ascending = [...collected.values()].sort(
      (a, b) => millis(a.updatedAt) - millis(b.updatedAt) || a.iid - b.iid,
    );
    if (ascending.length === 0) {
      yield { project: page.project, mergeRequests: [] };
      return;
    }
    for (let i = 0; i < ascending.length; i += PAGE_SIZE) {
      yield {
        project: page.project,
        mergeRequests: ascending.slice(i, i + PAGE_SIZE),
      };
    }
  }

  /** Every note of the given MRs, oldest first, by iid. */
  async notes(
    fullPath: string,
    iids: number[],
  ): Promise<Map<number, GitlabNote[]>> {
    const result = new Map<number, GitlabNote[]>();
    let i = 0;
    while (i < iids.length) {
      const batch = iids.slice(i, i + this.batchSize);
      let nodes: Array<{ iid: string; notes: Connection<NoteNode> }>;
      try {
        nodes = await this.notesBatch(fullPath, batch);
      } catch (error) {
        // A GitLab with a lower complexity limit than the default 250.
        if (
          error instanceof GraphqlError &&
          batch.length > 1 &&
          error.problems.some(p => /complexity/i.test(p.message))
        ) {
          this.batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        throw error;
      }
      for (const node of nodes) {
        const iid = Number(node.iid);
        const notes = nodesOf(node.notes).map(toNote);
        let after = node.notes.pageInfo.hasNextPage
          ? node.notes.pageInfo.endCursor
          : null;
        while (after) {
          const more = await this.notesPage(fullPath, iid, after);
          notes.push(...nodesOf(more).map(toNote));
          after = more?.pageInfo.hasNextPage ? more.pageInfo.endCursor : null;
        }
        result.set(iid, notes);
      }
      i += batch.length;
    }
    return result;
  }

  private async notesBatch(
    fullPath: string,
    batch: number[],
  ): Promise<Array<{ iid: string; notes: Connection<NoteNode> }>> {
    const data = await this.client.graphql<{
      project: {
        mergeRequests: Connection<{
          iid: string;
          notes: Connection<NoteNode>;
        }> | null;
      } | null;
    }>(
      mergeRequestNotesBatchQuery(),
      { fullPath, iids: batch.map(String), first: batch.length },
      `notes of merge requests in ${fullPath}`,
    );
    if (!data.project) throw this.projectNotFound(fullPath);
    return nodesOf(data.project.mergeRequests);
  }

  /**
   * Who approved an MR and when (REST `approvals`). Before GitLab 16.0 the
   * answer has no `approved_at`; the client then remembers that the host
   * lacks it.
   */
  async approvals(projectId: number, iid: number): Promise<GitlabApproval[]> {
    const answer =
      (await this.client.rest.MergeRequestApprovals.showConfiguration(
        projectId,
        { mergerequestIId: iid },
      )) as {
        approved_by?: Array<{
          user?: { username?: string };
          approved_at?: string | null;
        }>;
      };
    const approvedBy = answer.approved_by ?? [];
    if (approvedBy.length > 0) {
      this.client.features.approvedAt = approvedBy.some(
        entry => 'approved_at' in entry,
      );
    }
    return approvedBy.map(entry => ({
      username: entry.user?.username ?? GHOST,
      approvedAt: entry.approved_at ?? null,
    }));
  }

  /** The issues an MR closes when merged (REST `closes_issues`). */
  async closingIssues(projectId: number, iid: number): Promise<GitlabIssue[]> {
    const issues = await this.client.rest.MergeRequests.allIssuesClosed(
      projectId,
      iid,
    );
    return (issues as unknown[]).map(toIssue).filter(isIssue);
  }

  /** The issues an MR mentions (REST `related_issues`). */
  async relatedIssues(projectId: number, iid: number): Promise<GitlabIssue[]> {
    const issues = await this.client.rest.MergeRequests.allIssuesRelated(
      projectId,
      iid,
    );
    return (issues as unknown[]).map(toIssue).filter(isIssue);
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
      .sort((a, b) => millis(a.createdAt) - millis(b.createdAt));
  }

  private async notesPage(
    fullPath: string,
    iid: number,
    after: string,
  ): Promise<Connection<NoteNode> | null> {
    const data = await this.client.graphql<{
      project: { mergeRequest: { notes: Connection<NoteNode> } | null } | null;
    }>(
      mergeRequestNotesPageQuery(),
      { fullPath, iid: String(iid), after },
      `notes of merge request !${iid} in ${fullPath}`,
    );
    return data.project?.mergeRequest?.notes ?? null;
  }

  /**
   * One list page. While the host's schema is unknown, one query at a time
   * finds out, so that concurrent project syncs do not all hit the same error.
   */
  private async listPage(
    fullPath: string,
    since: string,
    after: string | null,
  ): ReturnType<MergeRequestReader['listPageOnce']> {
    const known = this.client.features;
    const unknown = () =>
      known.updatedAfter === undefined || known.closedAt === undefined;
    while (unknown() && this.client.featureProbe) {
      await this.client.featureProbe.catch(() => undefined);
    }
    if (!unknown()) return this.listPageOnce(fullPath, since, after);
    const attempt = this.listPageOnce(fullPath, since, after);
    this.client.featureProbe = attempt;
    try {
      return await attempt;
    } finally {
      if (this.client.featureProbe === attempt) {
        this.client.featureProbe = undefined;
      }
    }
  }

  /** One list page, learning on the way which newer schema features the host lacks. */
  private async listPageOnce(
    fullPath: string,
    since: string,
    after: string | null,
  ): Promise<{
    features: QueryFeatures;
    project: GitlabProject;
    mergeRequests: GitlabMergeRequest[];
    next: string | null;
  }> {
    const known = this.client.features;
    for (;;) {
      const features: QueryFeatures = {
        updatedAfter: known.updatedAfter !== false,
        closedAt: known.closedAt !== false,
      };
      const variables: Record<string, unknown> = { fullPath, after };
      if (features.updatedAfter) variables.updatedAfter = since;
      let data: {
        project:
          | (ProjectNode & {
              mergeRequests: Connection<MergeRequestNode> | null;
            })
          | null;
      };
      try {
        data = await this.client.graphql(
          mergeRequestListQuery(features),
          variables,
          `the merge requests of ${fullPath}`,
        );
      } catch (error) {
        if (!(error instanceof GraphqlError)) throw error;
        let learned = false;
        if (
          features.updatedAfter &&
          error.problems.some(p => lacks(p, 'updatedAfter'))
        ) {
          known.updatedAfter = false;
          learned = true;
        }
        if (
          features.closedAt &&
          error.problems.some(p => lacks(p, 'closedAt'))
        ) {
          known.closedAt = false;
          learned = true;
        }
        if (!learned) throw error;
        this.client.warn(
          `GitLab at ${
            this.client.host
          } is older than this plugin's queries (${error.problems
            .map(p => p.message)
            .join('; ')}); using the fallbacks for older GitLab`,
        );
        continue;
      }
      if (features.updatedAfter) known.updatedAfter = true;
      if (features.closedAt) known.closedAt = true;
      if (!data.project) throw this.projectNotFound(fullPath);
      const connection = data.project.mergeRequests;
      if (!connection) {
        throw new GitlabError({
          code: 'forbidden',
          host: this.client.host,
          message: `GitLab at ${this.client.host} shows project ${fullPath} but not its merge requests: check that merge requests are enabled for the project and that the token's user has the Reporter role or higher`,
        });
      }
      return {
        features,
        project: toProject(data.project),
        mergeRequests: nodesOf(connection).map(toMergeRequest),
        next: connection.pageInfo.hasNextPage
          ? connection.pageInfo.endCursor
          : null,
      };
    }
  }
}

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

function isIssue(issue: GitlabIssue | undefined): issue is GitlabIssue {
  return issue !== undefined;
}
