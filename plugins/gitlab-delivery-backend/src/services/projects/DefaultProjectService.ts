import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AutoSyncState,
  DiscoveredProject,
  DiscoveredProjectsResponse,
  ProjectTrackingFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ProjectAllowList } from '../../config/ProjectAllowList';
import {
  MergeRequestReader,
  ProjectStore,
  TrackedProject,
} from '../../database/types';
import { GitlabClient, GraphqlError } from '../../gitlab/GitlabClient';
import { isGitlabError } from '../../gitlab/GitlabError';
import { MemberProjectReader } from '../../gitlab/graphql/MemberProjectReader';
import { GitlabMemberProject } from '../../gitlab/types';
import { REPORTER, roleName } from '../../lib/roles';
import { catalogSnippet } from './catalogSnippet';
import { ProjectService } from './types';

/** Projects per GitLab page. */
const PAGE_SIZE = 50;

/** GitLab pages a filtered request reads at most to fill a page. */
const MAX_PAGES = 4;

const RECENT_DAYS = 30;

const INVALID_CURSOR =
  'Invalid cursor: expected the nextCursor of a previous page';

/**
 * The {@link ProjectService}: lists GitLab's member projects page by page
 * with the tracking facts of the store, and records auto-sync changes.
 * The caller's cursor wraps GitLab's keyset cursor.
 * @internal
 */
export class DefaultProjectService implements ProjectService {
  private readonly readers = new Map<string, MemberProjectReader>();
  private readonly now: () => DateTime;

  constructor(
    private readonly options: {
      clients: Map<string, GitlabClient>;
      projects: Pick<ProjectStore, 'listTrackedProjects' | 'recordAutoSync'>;
      mergeRequests: Pick<MergeRequestReader, 'countCreatedSince'>;
      /** The projects the plugin may sync; every project when absent. */
      allowList?: ProjectAllowList;
      now?: () => DateTime;
    },
  ) {
    this.now = options.now ?? (() => DateTime.utc());
  }

  async listProjects(
    request: Parameters<ProjectService['listProjects']>[0],
  ): Promise<DiscoveredProjectsResponse> {
    const reader = this.reader(request.host);
    await this.requireCredentials(request.host);
    const tracked = await this.options.projects.listTrackedProjects(
      request.host,
    );
    const items: DiscoveredProject[] = [];
    let after = request.cursor && decodeCursor(request.cursor);
    for (let pages = 0; pages < MAX_PAGES && items.length < PAGE_SIZE; ) {
      const page = await this.read(reader, {
        search: request.search,
        first: PAGE_SIZE,
        after: after || undefined,
      });
      pages += 1;
      const discovered = await this.describe(
        request.host,
        page.projects,
        tracked,
      );
      items.push(...discovered.filter(matches(request.tracked)));
      after = page.endCursor;
      if (!after) break;
    }
    return { items, ...(after && { nextCursor: encodeCursor(after) }) };
  }

  async setAutoSync(
    request: Parameters<ProjectService['setAutoSync']>[0],
  ): Promise<AutoSyncState> {
    this.client(request.host);
    const change = {
      enabled: request.enabled,
      by: request.credentials.principal.userEntityRef,
      at: this.now().toUTC().toISO()!,
    };
    const found = await this.options.projects.recordAutoSync(
      request.host,
      request.projectId,
      change,
    );
    if (!found) {
      throw new NotFoundError(
        `No entity tracks the GitLab project ${request.projectId} on ${request.host}, or it has not been synced yet: only tracked projects have a scheduled sync`,
      );
    }
    return {
      enabled: change.enabled,
      changedBy: change.by,
      changedAt: change.at,
    };
  }

  private client(host: string): GitlabClient {
    const client = this.options.clients.get(host);
    if (!client) {
      const hosts = [...this.options.clients.keys()];
      throw new NotFoundError(
        `No GitLab instance ${host} is configured: ${
          hosts.length > 0
            ? `the configured hosts are ${hosts.join(', ')}`
            : 'add one under integrations.gitlab'
        }`,
      );
    }
    return client;
  }

  /**
   * Anonymously, GitLab answers an empty membership list, which would read
   * as "no projects".
   */
  private async requireCredentials(host: string): Promise<void> {
    let has: boolean;
    try {
      has = await this.client(host).hasCredentials();
    } catch (error) {
      if (!isGitlabError(error)) throw error;
      throw new ServiceUnavailableError(
        `Could not list the GitLab projects: ${error.message}`,
      );
    }
    if (!has) {
      throw new ServiceUnavailableError(
        `${host} has no credential yet: press Connect GitLab for it on the Health tab, or set integrations.gitlab[].token`,
      );
    }
  }

  private reader(host: string): MemberProjectReader {
    let reader = this.readers.get(host);
    if (!reader) {
      reader = new MemberProjectReader(this.client(host));
      this.readers.set(host, reader);
    }
    return reader;
  }

  private async read(
    reader: MemberProjectReader,
    options: Parameters<MemberProjectReader['page']>[0],
  ) {
    try {
      return await reader.page(options);
    } catch (error) {
      if (
        options.after &&
        error instanceof GraphqlError &&
        error.problems.some(p => /cursor/i.test(p.message))
      ) {
        throw new InputError(INVALID_CURSOR);
      }
      if (isGitlabError(error)) {
        // GitLab's own status must not become ours: a 401 from GitLab is no 401 of this API.
        throw new ServiceUnavailableError(
          `Could not list the GitLab projects: ${error.message}`,
        );
      }
      throw error;
    }
  }

  private async describe(
    host: string,
    projects: GitlabMemberProject[],
    tracked: TrackedProject[],
  ): Promise<DiscoveredProject[]> {
    const rows = new Map(projects.map(p => [p.id, trackingRows(p, tracked)]));
    const trackedIds = projects
      .filter(p => rows.get(p.id)!.length > 0)
      .map(p => p.id);
    const since = this.now().minus({ days: RECENT_DAYS }).toUTC().toISO()!;
    const counts = await this.options.mergeRequests.countCreatedSince(
      host,
      trackedIds,
      since,
    );
    const defaultHost = [...this.options.clients.keys()][0];
    return projects.map(project => {
      const matching = rows.get(project.id)!;
      const isTracked = matching.length > 0;
      return {
        id: project.id,
        fullPath: project.fullPath,
        webUrl: project.webUrl,
        role:
          project.accessLevel === null
            ? null
            : {
                accessLevel: project.accessLevel,
                name: roleName(project.accessLevel),
              },
        readable:
          project.accessLevel === null
            ? project.canReadMergeRequests
            : project.accessLevel >= REPORTER,
        allowed:
          this.options.allowList?.allows({
            host,
            key: project.fullPath,
            path: project.fullPath,
            projectId: project.id,
          }) ?? true,
        mergeRequestsEnabled: project.mergeRequestsEnabled,
        mergeRequestsLast30Days: isTracked ? counts.get(project.id) ?? 0 : null,
        trackedBy: [...new Set(matching.flatMap(r => r.entityRefs))].sort(),
        autoSync: isTracked ? autoSyncOf(matching) : null,
        catalogSnippet: catalogSnippet({
          fullPath: project.fullPath,
          host,
          defaultHost,
        }),
      };
    });
  }
}

/** The store's rows of a GitLab project: by id once resolved, else by path or `#id`. */
function trackingRows(
  project: GitlabMemberProject,
  tracked: TrackedProject[],
): TrackedProject[] {
  const path = project.fullPath.toLowerCase();
  return tracked.filter(
    row =>
      row.projectId === project.id ||
      (row.projectId === null &&
        (row.key.toLowerCase() === path || row.key === `#${project.id}`)),
  );
}

function autoSyncOf(rows: TrackedProject[]): AutoSyncState {
  const latest = rows
    .filter(r => r.autoSyncChangedAt !== null)
    .sort((a, b) =>
      b.autoSyncChangedAt!.localeCompare(a.autoSyncChangedAt!),
    )[0];
  return {
    enabled: rows.every(r => r.autoSync),
    ...(latest && {
      changedBy: latest.autoSyncChangedBy ?? undefined,
      changedAt: latest.autoSyncChangedAt ?? undefined,
    }),
  };
}

function matches(filter: ProjectTrackingFilter | undefined) {
  return (project: DiscoveredProject): boolean => {
    switch (filter) {
      case 'tracked':
        return project.trackedBy.length > 0;
      case 'untracked':
        return project.trackedBy.length === 0;
      case 'unreadable':
        return !project.readable;
      default:
        return true;
    }
  };
}

function encodeCursor(gitlabCursor: string): string {
  return Buffer.from(gitlabCursor, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[\x21-\x7e]{1,1000}$/.test(decoded)) {
    throw new InputError(INVALID_CURSOR);
  }
  return decoded;
}
