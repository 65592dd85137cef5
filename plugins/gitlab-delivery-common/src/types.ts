/** State of a merge request, as GitLab names it. @public */
export type MergeRequestState = 'opened' | 'closed' | 'merged' | 'locked';

/** Summary statistics of a duration metric, in seconds; nulls when count is 0. @public */
export interface DurationStats {
  count: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  mean: number | null;
}

/** A ticket an MR relates to: a GitLab issue it closes or mentions, or a Jira-style key. @public */
export interface RelatedTicket {
  kind: 'gitlab_issue' | 'jira';
  key: string;
  title?: string;
  url?: string;
  /**
   * Whether the MR closes the GitLab issue or only mentions it. Absent on Jira
   * keys, and on issues stored before it was recorded, which count as closed.
   */
  relation?: 'closes' | 'mentions';
}

/**
 * Which MRs to list: GitLab's states, with 'opened' meaning open and not a
 * draft, and 'draft' the open drafts, as the state mix counts them.
 * @public
 */
export type MergeRequestStateFilter =
  | 'opened'
  | 'merged'
  | 'closed'
  | 'locked'
  | 'draft'
  | 'all';

/** A GitLab project of an entity, as the API shows it. @public */
export interface ProjectInfo {
  host: string;
  path: string;
  webUrl: string;
}

/** Size bucket of an MR by lines changed. @public */
export type SizeBucket = 'XS' | 'S' | 'M' | 'L' | 'XL';

/** Kind of work an MR does, from labels, title prefix or branch prefix. @public */
export type ChangeKind =
  | 'feature'
  | 'fix'
  | 'refactor'
  | 'docs'
  | 'deps'
  | 'chore'
  | 'other';

/**
 * Why an entity has no metrics. `not_allowed`: every project it names is
 * outside the instance's allow-list (`gitlabDelivery.instances[].projects.allow`).
 * @public
 */
export interface NotConfigured {
  reason:
    | 'missing_annotation'
    | 'invalid_annotation'
    | 'unknown_instance'
    | 'not_allowed';
  message: string;
}

/** The duration metrics compared with the previous window. @public */
export interface PreviousWindowMetrics {
  window: { from: string; to: string };
  timeToMerge: DurationStats;
  timeToFirstComment: DurationStats;
  timeToApprove: DurationStats;
  throughput: { total: number };
}

/** Size metrics. @public */
export interface SizeMetrics {
  filesChanged: { median: number | null; p90: number | null };
  linesChanged: { median: number | null; p90: number | null };
  distribution: Record<SizeBucket, number>;
}

/** Counts of MRs by state, and the oldest open MR's age in seconds. @public */
export interface StateMix {
  open: number;
  draft: number;
  merged: number;
  closed: number;
  locked: number;
  oldestOpenAgeSeconds: number | null;
}

/** A deterministic summary of the work in the window, built from metadata only. @public */
export interface ChangeSummary {
  sentence: string;
  merged: number;
  byKind: Record<ChangeKind, number>;
  medianSize: SizeBucket | null;
  closedIssues: number;
  topTickets: RelatedTicket[];
}

/**
 * Time to merge of the MRs merged in one ISO week (UTC), in seconds; nulls
 * when none merged. The weeks are those of `throughput.weekly`.
 * @public
 */
export interface WeeklyTimeToMerge {
  /** The ISO week, as 'YYYY-Www' by the ISO week-numbering year, e.g. '2026-W03'. */
  week: string;
  count: number;
  median: number | null;
  p90: number | null;
}

/** Response of GET /entities/:kind/:namespace/:name/metrics. @public */
export interface MetricsResponse {
  entityRef: string;
  notConfigured?: NotConfigured;
  window: { from: string; to: string };
  projects: ProjectInfo[];
  timeToMerge: DurationStats & { weekly: WeeklyTimeToMerge[] };
  timeToFirstComment: DurationStats & { withoutComment: number };
  timeToApprove: DurationStats & { approvedWithoutComment: number };
  throughput: {
    total: number;
    /** MRs merged per ISO week (UTC, 'YYYY-Www'), every week of the window, oldest first. */
    weekly: Array<{ week: string; merged: number }>;
  };
  size: SizeMetrics;
  stateMix: StateMix;
  summary: ChangeSummary;
  previous: PreviousWindowMetrics;
}

/** One merge request as the API lists it. @public */
export interface MergeRequestItem {
  host: string;
  projectId: number;
  projectPath: string;
  id: number;
  iid: number;
  title: string;
  description?: string | null;
  state: MergeRequestState;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  firstApprovedAt: string | null;
  firstCommentAt: string | null;
  author: string;
  mergeUser: string | null;
  sourceBranch: string;
  targetBranch: string;
  labels: string[];
  filesChanged: number | null;
  linesAdded: number | null;
  linesDeleted: number | null;
  sizeBucket: SizeBucket | null;
  timeToMergeSeconds: number | null;
  relatedTickets: RelatedTicket[];
  webUrl: string;
}

/** Response of GET /entities/:kind/:namespace/:name/merge-requests. @public */
export interface MergeRequestsResponse {
  entityRef: string;
  notConfigured?: NotConfigured;
  items: MergeRequestItem[];
  nextCursor: string | null;
}

/** Status of one health check. @public */
export type HealthStatus = 'ok' | 'warning' | 'error' | 'skipped';

/** The stable ids of the health checks. @public */
export type HealthCheckId =
  | 'instance.reachable'
  | 'instance.tls'
  | 'instance.version'
  | 'instance.api'
  | 'instance.allowList'
  | 'token.valid'
  | 'token.expiry'
  | 'token.scopes'
  | 'token.user'
  | 'token.storage'
  | 'project.resolves'
  | 'project.access'
  | 'project.merge_requests'
  | 'project.sync';

/** Why a project answered 404. @public */
export type ProjectAccessCause =
  | 'wrong_path'
  | 'not_member'
  | 'role_too_low'
  | 'membership_expired'
  | 'missing_scope'
  | 'unknown';

/** The outcome of one health check. @public */
export interface HealthCheck {
  id: HealthCheckId;
  status: HealthStatus;
  message: string;
  remediation?: string;
  cause?: ProjectAccessCause;
  suggestedPath?: string;
  checkedAt: string;
}

/** Sync status of one project. @public */
export interface ProjectSyncStatus {
  host: string;
  path: string;
  projectId: number | null;
  webUrl: string | null;
  status: HealthStatus;
  autoSync: boolean;
  /** The user entity ref that last turned auto-sync on or off, when someone did. */
  autoSyncChangedBy?: string;
  /** When auto-sync was last turned on or off. */
  autoSyncChangedAt?: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  mergeRequestCount: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  remediation: string | null;
  /** While the project's first sync runs: how far it got, and the time left. */
  firstSync?: FirstSyncProgress;
}

/**
 * How far a project's first sync got: merge requests stored of those GitLab
 * listed, and an estimate of the time left from the pace so far (or, before
 * the first page is stored, from the instance's request budget).
 * @public
 */
export interface FirstSyncProgress {
  stored: number;
  total: number;
  startedAt: string;
  estimatedSecondsLeft: number | null;
}

/** Health of one project: its sync status and its checks. @public */
export interface ProjectHealth extends ProjectSyncStatus {
  checks: HealthCheck[];
}

/**
 * Which credential the plugin uses for an instance: `connected` (Connect
 * GitLab on the admin page; it wins over the others), `refresh_token` (the
 * configured `gitlabDelivery.instances[].oauth.refreshToken`), `token`
 * (`integrations.gitlab[].token`), or `none`.
 * @public
 */
export type InstanceTokenSource =
  | 'connected'
  | 'refresh_token'
  | 'token'
  | 'none';

/** The credential of an instance, and whether it can be connected from the admin page. @public */
export interface InstanceCredential {
  source: InstanceTokenSource;
  /** An OAuth application is configured: the admin page offers Connect GitLab. */
  oauthApplication: boolean;
  /** With a connected token: the entity ref of the user who connected. */
  connectedBy?: string;
  /** With a connected token: when, ISO 8601 UTC. */
  connectedAt?: string;
}

/** Health of one GitLab instance. @public */
export interface InstanceHealth {
  host: string;
  apiBaseUrl: string;
  version: string | null;
  tokenName: string | null;
  tokenScopes: string[];
  tokenExpiresAt: string | null;
  rateLimit: { limit: number; remaining: number } | null;
  /** Absent for an instance that exists only as a configuration problem. */
  credential?: InstanceCredential;
  checks: HealthCheck[];
}

/** Response of POST /oauth/:host/connect: where to send the admin's browser. @public */
export interface ConnectResponse {
  authorizeUrl: string;
}

/** Response of DELETE /oauth/:host. @public */
export interface DisconnectResponse {
  /** Whether GitLab revoked the token; it is deleted either way. */
  revoked: boolean;
  message: string;
}

/**
 * Response of GET /entities/:kind/:namespace/:name/health. Without the
 * permission gitlab-delivery.health.read it holds project-level facts only:
 * `instances` is empty and `instancesHidden` is true.
 * @public
 */
export interface EntityHealthResponse {
  entityRef: string;
  notConfigured?: NotConfigured;
  warnings: string[];
  projects: ProjectHealth[];
  instances: InstanceHealth[];
  instancesHidden?: boolean;
}

/** Response of GET /health. @public */
export interface HealthResponse {
  instances: InstanceHealth[];
  projects: ProjectHealth[];
}

/** The token user's role in a GitLab project. @public */
export interface GitlabRole {
  /** GitLab's access level: 10 Guest, 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner. */
  accessLevel: number;
  name: string;
}

/** Whether a project's scheduled sync runs, and who last changed that, when. @public */
export interface AutoSyncState {
  enabled: boolean;
  /** The user entity ref. */
  changedBy?: string;
  changedAt?: string;
}

/**
 * Which projects GET /instances/:host/projects lists: those entities track,
 * the others, or those the token's role is too low to read (below Reporter).
 * @public
 */
export type ProjectTrackingFilter = 'tracked' | 'untracked' | 'unreadable';

/** A GitLab project the token's user is a member of. @public */
export interface DiscoveredProject {
  id: number;
  fullPath: string;
  webUrl: string;
  /** Null on GitLab before 16.9, which does not say. */
  role: GitlabRole | null;
  /** Whether the token may read the project's merge requests. */
  readable: boolean;
  /** Whether `gitlabDelivery.instances[].projects.allow` lets the plugin sync it (true without an allow-list). */
  allowed: boolean;
  mergeRequestsEnabled: boolean;
  /** Merge requests created in the last 30 days, from the store; null when not tracked. */
  mergeRequestsLast30Days: number | null;
  /** Refs of the entities that track the project. */
  trackedBy: string[];
  /** Null when not tracked. */
  autoSync: AutoSyncState | null;
  /** A catalog-info.yaml with the annotations that track the project. */
  catalogSnippet: string;
}

/** Response of GET /instances/:host/projects. @public */
export interface DiscoveredProjectsResponse {
  items: DiscoveredProject[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
}
