import { LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type {
  Dataset,
  DatasetMergeRequest,
  DatasetProject,
  GitlabSimulator,
} from '@delivery-insights/gitlab-simulator';
import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ProjectAllowList } from '../../../config/ProjectAllowList';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { createStores, Stores } from '../../../database/createStores';
import { TokenCipher } from '../../../database/TokenCipher';
import { MergeRequestRecord } from '../../../database/types';
import { GitlabClient } from '../../../gitlab/GitlabClient';
import { mockServices } from '@backstage/backend-test-utils';
import { authorMatcher } from '../../../lib/authorMatcher';
import { createHostSyncs } from '../createHostSyncs';
import { DefaultSyncService } from '../DefaultSyncService';
import { issueReferences } from '../issueReferences';
import { extractJiraKeys } from '../tickets';

/** The token the generated dataset grants Reporter on every project. */
export const DEMO_TOKEN = 'glpat-demo-token';
export const EXCLUDE_AUTHORS = ['*[bot]', '*-bot'];

/** A fresh store on the given test database. */
export async function createStore(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<Stores> {
  const knex = await databases.init(databaseId);
  return createStores({
    database: { getClient: async () => knex },
    tokenCipher: TokenCipher.fromSecret(Buffer.alloc(32, 9).toString('base64')),
  });
}

/** The simulator as an instance config. */
export function simulatorInstance(
  sim: GitlabSimulator,
  overrides: Partial<GitlabInstanceConfig> = {},
): GitlabInstanceConfig {
  return {
    host: new URL(sim.url).host,
    apiBaseUrl: `${sim.url}/api/v4`,
    baseUrl: sim.url,
    token: DEMO_TOKEN,
    requestsPerMinute: 1_000_000,
    ...overrides,
  };
}

/** A client for the simulator with fast retries. */
export function simulatorClient(
  sim: GitlabSimulator,
  logger: LoggerService,
  overrides: Partial<GitlabInstanceConfig> = {},
  requestTimeoutMs = 5_000,
): GitlabClient {
  return new GitlabClient({
    instance: simulatorInstance(sim, overrides),
    logger,
    requestTimeoutMs,
    retry: { baseDelayMs: 1, delayScale: 0.001 },
  });
}

// GitLab's GraphQL Time has no fractional seconds.
function iso(value: string | null | undefined): string | null {
  return value
    ? DateTime.fromISO(value, { zone: 'utc' }).startOf('second').toISO()
    : null;
}

function earliest(times: string[]): string | null {
  const sorted = times
    .map(t => DateTime.fromISO(t, { zone: 'utc' }))
    .sort((a, b) => a.toMillis() - b.toMillis());
  return sorted.length ? iso(sorted[0].toISO()) : null;
}

/** The time of the first approval the approver did not withdraw, from the dataset's notes. */
function standingApproval(
  data: Dataset,
  mr: DatasetMergeRequest,
  isExcluded: (username: string) => boolean,
): string | null {
  const standing = new Map<number, string[]>();
  for (const note of [...mr.notes].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  )) {
    if (!note.system) continue;
    if (note.action === 'approved') {
      standing.set(note.authorId, [
        ...(standing.get(note.authorId) ?? []),
        note.createdAt,
      ]);
    } else if (note.action === 'unapproved') {
      standing.delete(note.authorId);
    }
  }
  const times = [...standing].flatMap(([userId, at]) => {
    const user = data.users.find(u => u.id === userId);
    return userId === mr.authorId ||
      !user ||
      user.bot ||
      isExcluded(user.username)
      ? []
      : at;
  });
  return earliest(times);
}

/** The issues a project has, as the simulator serves them: those its MRs close or mention. */
function issuesOf(project: DatasetProject): Map<number, string> {
  const titles = new Map<number, string>();
  for (const mr of project.mergeRequests) {
    for (const issue of [...mr.closesIssues, ...(mr.relatedIssues ?? [])]) {
      if (!titles.has(issue.iid)) titles.set(issue.iid, issue.title);
    }
  }
  return titles;
}

/**
 * What the sync must store for an MR, computed from the simulator's dataset
 * (not from GitLab's answers).
 */
export function expectedRecord(
  sim: GitlabSimulator,
  data: Dataset,
  project: DatasetProject,
  mr: DatasetMergeRequest,
): MergeRequestRecord {
  const host = new URL(sim.url).host;
  const user = (id: number | null | undefined) =>
    data.users.find(u => u.id === id);
  const isExcluded = authorMatcher(EXCLUDE_AUTHORS);
  const firstComment = earliest(
    mr.notes
      .filter(note => {
        const author = user(note.authorId);
        return (
          !note.system &&
          note.authorId !== mr.authorId &&
          author !== undefined &&
          !author.bot &&
          !isExcluded(author.username)
        );
      })
      .map(note => note.createdAt),
  );
  const references = issueReferences(mr.description ?? null, {
    root: sim.url,
    projectPath: project.path,
  });
  const issueTicket =
    (relation: 'closes' | 'mentions') =>
    (reference: { projectPath: string; iid: number }): RelatedTicket[] => {
      const target = data.projects.find(
        p => p.path.toLowerCase() === reference.projectPath.toLowerCase(),
      );
      const title = target && issuesOf(target).get(reference.iid);
      return title === undefined
        ? []
        : [
            {
              kind: 'gitlab_issue',
              key: `${reference.projectPath}#${reference.iid}`,
              title,
              url: `${sim.url}/${target!.path}/-/issues/${reference.iid}`,
              relation,
            },
          ];
    };
  const tickets: RelatedTicket[] = [
    ...references.closes.flatMap(issueTicket('closes')),
    ...references.mentions.flatMap(issueTicket('mentions')),
    // Jira keys are stored without a URL; the metrics add it when read.
    ...extractJiraKeys([mr.title, mr.description, mr.sourceBranch]).map(
      key => ({ kind: 'jira' as const, key }),
    ),
  ];
  const closedEvents = (mr.stateEvents ?? []).filter(e => e.state === 'closed');
  return {
    host,
    projectId: project.id,
    projectPath: project.path,
    id: mr.id!,
    iid: mr.iid,
    title: mr.title,
    description: mr.description || null,
    state: mr.state,
    draft: mr.draft ?? false,
    createdAt: iso(mr.createdAt)!,
    updatedAt: iso(mr.updatedAt)!,
    mergedAt: mr.state === 'merged' ? iso(mr.mergedAt) : null,
    closedAt:
      mr.state === 'closed'
        ? iso(mr.closedAt ?? closedEvents[closedEvents.length - 1]?.createdAt)
        : null,
    firstApprovedAt: standingApproval(data, mr, isExcluded),
    firstCommentAt: firstComment,
    author: user(mr.authorId)!.username,
    mergeUser:
      mr.state === 'merged'
        ? user(mr.mergeUserId ?? mr.authorId)!.username
        : null,
    sourceBranch: mr.sourceBranch,
    targetBranch: mr.targetBranch,
    labels: [...(mr.labels ?? [])].sort((a, b) => a.localeCompare(b)),
    filesChanged: mr.fileCount,
    linesAdded: mr.additions,
    linesDeleted: mr.deletions,
    relatedTickets: tickets,
    webUrl: `${sim.url}/${project.path}/-/merge_requests/${mr.iid}`,
  };
}

/** Every MR of the projects, as the sync must store them, in (project, iid) order. */
export function expectedRecords(
  sim: GitlabSimulator,
  projects: DatasetProject[],
): MergeRequestRecord[] {
  return projects.flatMap(project =>
    [...project.mergeRequests]
      .sort((a, b) => a.iid - b.iid)
      .map(mr => expectedRecord(sim, sim.data, project, mr)),
  );
}

/** Everything stored for the projects, in (project, iid) order. */
export async function storedRecords(
  store: Stores,
  host: string,
  projects: DatasetProject[],
): Promise<MergeRequestRecord[]> {
  const all: MergeRequestRecord[] = [];
  for (const project of projects) {
    all.push(...(await store.mergeRequests.readAll(host, project.id)));
  }
  return all;
}

/** The sync service over one simulator client, for calling `syncProjects` directly. */
export function syncService(
  store: Stores,
  client: GitlabClient | Map<string, GitlabClient>,
  options: {
    backfillDays?: number;
    now?: () => DateTime;
    logger?: LoggerService;
    lookBackMs?: number;
    customClosingPattern?: boolean;
  } = {},
): DefaultSyncService {
  const logger = options.logger ?? mockServices.logger.mock();
  const clients =
    client instanceof Map ? client : new Map([[client.host, client]]);
  return new DefaultSyncService({
    scheduler: mockServices.scheduler.mock(),
    projects: store.projects,
    catalog: { refresh: async () => 0 },
    entities: { load: async () => Promise.reject(new Error('unused')) },
    hosts: createHostSyncs({
      clients,
      projects: store.projects,
      mergeRequests: store.mergeRequests,
      config: {
        backfillDays: options.backfillDays ?? 3650,
        excludeAuthors: EXCLUDE_AUTHORS,
        concurrency: 2,
        lookBackMs: options.lookBackMs ?? 5 * 60_000,
        reconcileEveryMs: 24 * 3_600_000,
        allowList: new ProjectAllowList(),
        instances: [...clients.keys()].map(host => ({
          host,
          customClosingPattern: options.customClosingPattern,
        })),
      },
      logger,
      now: options.now,
    }),
    requestCount: () =>
      [...clients.values()].reduce((n, c) => n + c.requestCount, 0),
    schedule: { frequency: { minutes: 15 }, timeout: { minutes: 4 } },
    logger,
    now: options.now,
  });
}
