import {
  ChangeKind,
  HealthCheck,
  MergeRequestItem,
  MergeRequestState,
  MergeRequestStateFilter,
  RelatedTicket,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/**
 * How a project is named: its full path, or `#<id>` when an entity names it
 * by `gitlab.com/project-id` and it has not been resolved yet.
 * @internal
 */
export interface ProjectKey {
  host: string;
  key: string;
}

/** A project the plugin syncs, with its cursor and sync status. @internal */
export interface ProjectRecord extends ProjectKey {
  /** GitLab's numeric id, once the project has been resolved. */
  projectId: number | null;
  /** The canonical full path, once resolved (else the annotation's path). */
  path: string | null;
  webUrl: string | null;
  autoSync: boolean;
  /** The user entity ref that last turned auto-sync on or off, when someone did. */
  autoSyncChangedBy: string | null;
  autoSyncChangedAt: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  mergeRequestCount: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

/**
 * One merge request's metadata, as stored: what the API lists, less the
 * figures derived when it is read. Times are ISO 8601 UTC.
 * @internal
 */
export type MergeRequestRecord = Omit<
  MergeRequestItem,
  'description' | 'sizeBucket' | 'timeToMergeSeconds'
> & { description: string | null };

/** A project an entity names, with the entities that name it. @internal */
export interface TrackedProject extends ProjectRecord {
  entityRefs: string[];
}

/** Who turned a project's scheduled sync on or off, and when. @internal */
export interface AutoSyncChange {
  enabled: boolean;
  /** The user entity ref. */
  by: string;
  at: string;
}

/** The outcome of one project's sync attempt. @internal */
export type SyncOutcome =
  | { ok: true; at: string }
  | { ok: false; at: string; code: string; message: string };

/** A record of one run of the sync task. @internal */
export interface SyncRunRecord {
  id: number;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  projects: number;
  failedProjects: number;
  mergeRequestsWritten: number;
  requests: number;
}

/** What the catalog says about one entity. @internal */
export interface EntityRecord {
  entityRef: string;
  projects: ProjectRecord[];
  warnings: string[];
}

/** What the latest health check learned about a GitLab instance; never the token itself. @internal */
export interface InstanceFacts {
  version: string | null;
  tokenName: string | null;
  tokenScopes: string[];
  tokenExpiresAt: string | null;
  tokenUserId: number | null;
  tokenUsername: string | null;
  /** From GitLab's `RateLimit-Limit` and `RateLimit-Remaining` headers. */
  rateLimit: { limit: number; remaining: number } | null;
}

/** The latest health of an instance, as stored. @internal */
export interface InstanceHealthRecord extends InstanceFacts {
  host: string;
  checkedAt: string;
  checks: HealthCheck[];
}

/** The latest checks of a project, as stored. @internal */
export interface ProjectChecksRecord extends ProjectKey {
  checks: HealthCheck[];
}

/**
 * The newest refresh token of a host's OAuth application. A secret: never
 * logged nor served.
 * @internal
 */
export interface OAuthTokenRecord {
  host: string;
  refreshToken: string;
  /** The sha256 (hex) of the configured refresh token this one descends from. */
  configuredFingerprint: string;
  /** When GitLab issued it, ISO 8601 UTC. */
  rotatedAt: string;
}

/** A manual sync request: one entity's projects, or every project. @internal */
export interface SyncRequest {
  id: number;
  /** The entity's stored key; undefined for every project. */
  entityRef?: string;
  /** Also compare every iid with GitLab's, removing deleted MRs. */
  full: boolean;
  requestedAt: string;
}

/** The catalog's projects, their sync state, runs and requests. @internal */
export interface ProjectStore {
  /** Replaces the projects and warnings of an entity; creates project rows as needed. */
  replaceEntity(
    entityRef: string,
    projects: ProjectKey[],
    warnings: string[],
  ): Promise<void>;
  /** Forgets entities that are no longer in the catalog. */
  retainEntities(entityRefs: string[]): Promise<void>;
  /** Every entity's stored projects and warnings, by entity key: what a catalog read compares with. */
  listMappings(): Promise<
    Map<string, { projects: ProjectKey[]; warnings: string[] }>
  >;
  /** An entity's stored mapping; only its allowed projects when an allow-list is set. */
  getEntity(entityRef: string): Promise<EntityRecord | undefined>;
  /** Every project that at least one entity names (and the allow-list allows, when set). */
  listProjects(): Promise<ProjectRecord[]>;
  getProject(project: ProjectKey): Promise<ProjectRecord | undefined>;
  /** Records GitLab's id, canonical path and web URL of a project. */
  resolveProject(
    project: ProjectKey,
    resolved: { projectId: number; path: string; webUrl: string },
  ): Promise<void>;
  setAutoSync(project: ProjectKey, autoSync: boolean): Promise<void>;
  /**
   * Turns the scheduled sync of a GitLab project on or off, on every row
   * an entity names that is resolved to its id or keyed `#id`; false when
   * there is none.
   */
  recordAutoSync(
    host: string,
    projectId: number,
    change: AutoSyncChange,
  ): Promise<boolean>;
  /** The projects of a host that entities name (and the allow-list allows), with those entities. */
  listTrackedProjects(host: string): Promise<TrackedProject[]>;
  recordSyncOutcome(project: ProjectKey, outcome: SyncOutcome): Promise<void>;
  startSyncRun(trigger: SyncRunRecord['trigger'], at: string): Promise<number>;
  finishSyncRun(
    id: number,
    result: Omit<SyncRunRecord, 'id' | 'trigger' | 'startedAt'>,
  ): Promise<void>;
  lastSyncRun(): Promise<SyncRunRecord | undefined>;
  /**
   * Queues a manual sync of an entity's projects, or of every project. With
   * a cooldown configured, a request of a scope accepted less than the
   * cooldown ago throws a RequestCooldownError (429), across replicas.
   */
  requestSync(request: Omit<SyncRequest, 'id'>): Promise<void>;
  /** Takes every queued request, oldest first; each is taken once. */
  takeSyncRequests(): Promise<SyncRequest[]>;
}

/**
 * Where the sync of one GitLab project stands, keyed on its id: a project
 * moved to another path keeps it, another project at an old path does not.
 * @internal
 */
export interface ProjectCursor {
  host: string;
  projectId: number;
  /** The newest `updated_at` read (whole seconds, as GraphQL gives it); null before the first read. */
  updatedAt: string | null;
  /** When the project's MRs were last read. */
  readAt: string | null;
  /** When the project's iids were last compared with GitLab's. */
  reconciledAt: string | null;
  /** During a first sync: the MRs GitLab has to read, and when the sync began. */
  backfill: { total: number; startedAt: string } | null;
}

/** What the sync stored of an MR to tell whether it changed. @internal */
export interface StoredListing {
  updatedAt: string;
  /** The digest of the MR as the list returned it; null while it lacks notes or issue titles. */
  digest: string | null;
  /** Whether it must be read again (changed moments before it was read, or merged without a merge time). */
  recheck: boolean;
  description: string | null;
  relatedTickets: RelatedTicket[];
}

/** One MR to write, with what tells later reads whether it changed. @internal */
export interface MergeRequestWrite {
  record: MergeRequestRecord;
  /** Null for a record still lacking notes or titles: the next read of the MR then completes it. */
  digest: string | null;
  recheck: boolean;
}

/** Merge request rows and cursors, written by the sync. @internal */
export interface MergeRequestWriter {
  getCursors(
    host: string,
    projectIds: number[],
  ): Promise<Map<number, ProjectCursor>>;
  /** What is stored of the given MRs of a project, by iid. */
  listings(
    host: string,
    projectId: number,
    iids: number[],
  ): Promise<Map<number, StoredListing>>;
  /** The MRs of the given projects that must be read again, by project id. */
  recheckIids(
    host: string,
    projectIds: number[],
  ): Promise<Map<number, number[]>>;
  /** Every stored MR of a project with its `updated_at`, by iid. */
  storedIids(host: string, projectId: number): Promise<Map<number, string>>;
  /**
   * Upserts MRs by (host, project id, iid), never replacing a row with an
   * older `updated_at`, clears the recheck mark of `settled` iids, and moves
   * the project's cursor forward, in one transaction, so the cursor never
   * runs ahead of the rows. Returns the rows written.
   */
  writePage(page: {
    host: string;
    projectId: number;
    writes: MergeRequestWrite[];
    settled: number[];
    cursor: string | null;
    readAt: string;
  }): Promise<number>;
  /** Records the start of a first sync, with the MRs GitLab has to read. */
  startBackfill(
    host: string,
    projectId: number,
    total: number,
    at: string,
  ): Promise<void>;
  /** Records that a read of the project's MRs ended; a first sync is then over. */
  finishRead(host: string, projectId: number, at: string): Promise<void>;
  /** Deletes MRs GitLab no longer has, and records the reconciliation. */
  reconcile(
    host: string,
    projectId: number,
    deleted: number[],
    at: string,
  ): Promise<void>;
}

/** The latest health checks of instances and projects. @internal */
export interface HealthStore {
  /** Replaces what is stored about an instance's health: its facts and its checks. */
  saveInstanceHealth(record: InstanceHealthRecord): Promise<void>;
  /** The stored health of every instance checked so far. */
  listInstanceHealth(): Promise<InstanceHealthRecord[]>;
  /** Replaces the stored checks of a project. */
  saveProjectChecks(project: ProjectKey, checks: HealthCheck[]): Promise<void>;
  /** The stored checks of the given projects, or of every project. */
  listProjectChecks(projects?: ProjectKey[]): Promise<ProjectChecksRecord[]>;
  /**
   * Queues a request for live checks unless one of the same scope (entity,
   * `scope`, or everything) was accepted less than `cooldownMs` ago, across
   * replicas.
   */
  requestCheck(
    request: Omit<HealthCheckRequest, 'id'> & { scope?: string },
    cooldownMs: number,
  ): Promise<{ queued: true } | { retryAfterSeconds: number }>;
  /** The queued requests, oldest first. */
  pendingCheckRequests(): Promise<HealthCheckRequest[]>;
  /** Removes requests that are done. */
  finishCheckRequests(ids: number[]): Promise<void>;
}

/**
 * The OAuth refresh tokens, one per host, stored encrypted: without an
 * encryption key none is stored or read.
 * @internal
 */
export interface TokenStore {
  /** Whether tokens can be stored: an encryption key is configured. */
  readonly canStore: boolean;
  /**
   * The stored refresh token of a host's OAuth application. Throws when one
   * is stored that the configured key does not open (another key, altered).
   */
  getOAuthToken(host: string): Promise<OAuthTokenRecord | undefined>;
  /** Replaces the stored refresh token of a host's OAuth application; throws without a key. */
  saveOAuthToken(record: OAuthTokenRecord): Promise<void>;
}

/** The tokens of a GitLab connection; they rotate on every refresh. @internal */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, ISO 8601 UTC. */
  expiresAt: string;
}

/** Who connected a GitLab instance from the admin page, and when. @internal */
export interface ConnectionSummary {
  host: string;
  scopes: string[];
  /** Entity ref of the user. */
  connectedBy: string;
  /** ISO 8601 UTC; also names this connection among later ones of the host. */
  connectedAt: string;
}

/** A GitLab instance connected from the admin page, with its tokens. @internal */
export interface OAuthConnection extends ConnectionSummary, ConnectionTokens {}

/** A Connect GitLab flow under way, as its callback finds it. @internal */
export interface AuthorizationState {
  host: string;
  userEntityRef: string;
  /** The PKCE code verifier. */
  codeVerifier: string;
  /** The sha256 (hex) of the nonce bound to the admin's browser. */
  nonceHash: string;
  expiresAt: string;
}

/**
 * GitLab connections made from the admin page and the authorization states
 * of flows under way. Tokens and verifiers are only stored encrypted: without
 * an encryption key every write throws.
 * @internal
 */
export interface ConnectionStore {
  /** Whether anything can be stored: an encryption key is configured. */
  readonly canStore: boolean;
  /** Who connected which host, without the tokens. */
  listConnections(): Promise<ConnectionSummary[]>;
  /** The connection of a host with its tokens; throws when they do not decrypt. */
  getConnection(host: string): Promise<OAuthConnection | undefined>;
  /** Replaces the connection of a host. */
  saveConnection(connection: OAuthConnection): Promise<void>;
  /**
   * Saves the rotated tokens of the connection made at `connectedAt`; false
   * when that connection was replaced or removed meanwhile.
   */
  saveTokens(
    host: string,
    connectedAt: string,
    tokens: ConnectionTokens,
  ): Promise<boolean>;
  /** Removes the connection of a host and hands it back. */
  deleteConnection(host: string): Promise<OAuthConnection | undefined>;
  /** Stores a new authorization state; expired ones are removed on the way. */
  saveState(state: string, value: AuthorizationState): Promise<void>;
  /**
   * Takes an authorization state: it is removed, and only the first caller
   * of all replicas gets it. Expired states are not handed out.
   */
  takeState(
    state: string,
    now: string,
  ): Promise<AuthorizationState | undefined>;
}

/** A queued request for live health checks. @internal */
export interface HealthCheckRequest {
  id: number;
  /** The entity's key; undefined for everything. */
  entityRef?: string;
  /** The projects to check; undefined for every project. */
  projects?: ProjectKey[];
  /** The instances to check; every configured one when `projects` is undefined. */
  hosts: string[];
  requestedAt: string;
}

/** Deletes what the plugin no longer needs. @internal */
export interface RetentionStore {
  /**
   * Marks the projects no entity names as unreferenced from `at` (and clears
   * the mark of those named again), then deletes the projects unreferenced
   * before `before`, their checks and their merge requests; merge requests
   * are kept while another named project row resolves to the same id.
   */
  pruneProjects(
    at: string,
    before: string,
  ): Promise<{
    projects: number;
    mergeRequests: number;
  }>;
  /** Deletes the sync runs started before `before`, except the latest. */
  pruneSyncRuns(before: string): Promise<number>;
  /** Deletes the stored health of instances that are not configured any more. */
  pruneInstances(configuredHosts: string[]): Promise<number>;
  /** Deletes request cooldowns and queued health requests older than `before`. */
  pruneRequests(before: string): Promise<number>;
}

/** A GitLab project whose MRs count for an entity. @internal */
export interface ProjectRef {
  host: string;
  projectId: number;
}

/** A half-open time window [from, to) in epoch milliseconds. @internal */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * The MRs a metric reads: those of the projects, whose times fall in the
 * window, leaving out the given authors.
 * @internal
 */
export interface MetricQuery {
  projects: ProjectRef[];
  window: TimeWindow;
  excludedAuthors: readonly string[];
}

/**
 * What the duration, throughput, size and summary metrics read of the MRs
 * merged in a window: one value per MR, in no particular order; times in epoch
 * milliseconds, durations in milliseconds.
 * @internal
 */
export interface MergedFigures {
  /** When each MR merged, in the order of `timesToMerge`. */
  mergedAt: number[];
  timesToMerge: number[];
  /** Of the MRs whose diff stats are known. */
  filesChanged: number[];
  /** Of the MRs whose diff stats are known. */
  linesChanged: number[];
  /** How many MRs are of each kind. */
  changeKinds: Partial<Record<ChangeKind, number>>;
}

/** What the review metrics read of the MRs created in a window; durations in milliseconds. @internal */
export interface CreatedFigures {
  count: number;
  /** Of the MRs with a human note. */
  timesToFirstComment: number[];
  /** Of the approved MRs. */
  timesToApprove: number[];
  approvedWithoutComment: number;
}

/** One MR's reference to a ticket, as stored with the MR. @internal */
export interface TicketReference {
  /** What tells the ticket apart from others (see ticketIdentity). */
  identity: string;
  ticket: RelatedTicket;
}

/** The tickets of the MRs merged in a window. @internal */
export interface TicketFigures {
  /** Distinct GitLab issues that the MRs close. */
  closedIssues: number;
  /** Every reference to the tickets most MRs refer to, oldest merge first. */
  topReferences: TicketReference[];
}

/** How many MRs of one author are in one state, and the oldest one's creation time. @internal */
export interface StateCount {
  author: string;
  state: MergeRequestState;
  draft: boolean;
  count: number;
  oldestCreatedAt: number;
}

/** The sort key of an MR in the list: newest first, then host, project id and iid, all descending. @internal */
export interface PageKey {
  createdAt: number;
  host: string;
  projectId: number;
  iid: number;
}

/** Which MRs to list, and from where. @internal */
export interface MergeRequestListQuery {
  state: MergeRequestStateFilter;
  /** Rows per project at most. */
  limit: number;
  includeDescription: boolean;
  /** The key of the last MR of the previous page. */
  after?: PageKey;
}

/** What the metrics and the MR list read. @internal */
export interface MergeRequestReader {
  /** Every author of the projects' MRs, once each. */
  authors(projects: ProjectRef[]): Promise<string[]>;
  mergedFigures(query: MetricQuery): Promise<MergedFigures>;
  /** The times to merge alone of {@link MergeRequestReader.mergedFigures}. */
  timesToMerge(query: MetricQuery): Promise<number[]>;
  createdFigures(query: MetricQuery): Promise<CreatedFigures>;
  /** The closed issues and the `limit` tickets most MRs merged in the window refer to; ties by key. */
  ticketFigures(query: MetricQuery, limit: number): Promise<TicketFigures>;
  /** The state mix beyond merged MRs: open, draft and locked now, closed in the window. */
  stateCounts(
    projects: ProjectRef[],
    window: TimeWindow,
  ): Promise<StateCount[]>;
  /** How many MRs of each project were created since a time, by project id (absent: none). */
  countCreatedSince(
    host: string,
    projectIds: number[],
    since: string,
  ): Promise<Map<number, number>>;
  /** A newest-first page of each project's MRs after the key; merged and ordered by the caller. */
  listPage(
    projects: ProjectRef[],
    query: MergeRequestListQuery,
  ): Promise<Array<{ key: PageKey; record: MergeRequestRecord }>>;
}
