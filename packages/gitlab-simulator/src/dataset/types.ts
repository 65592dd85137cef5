/** Access levels used by GitLab for project and group membership. */
export type AccessLevel = 10 | 20 | 30 | 40 | 50;

/** A GitLab user account. */
export interface DatasetUser {
  id: number;
  username: string;
  name: string;
  bot?: boolean;
  state?: 'active' | 'blocked';
  createdAt?: string;
}

/** A personal access token belonging to a user. */
export interface DatasetToken {
  token: string;
  name: string;
  userId: number;
  scopes: string[];
  id?: number;
  /** Date (`YYYY-MM-DD`) or timestamp; the token stops working at midnight UTC of that day. */
  expiresAt?: string | null;
  revoked?: boolean;
  createdAt?: string;
  lastUsedAt?: string | null;
}

/** A direct membership of a user in a project or group. */
export interface DatasetMember {
  userId: number;
  accessLevel: AccessLevel | number;
  /** Date (`YYYY-MM-DD`); the membership no longer counts from that day on. */
  expiresAt?: string | null;
}

/** A group (or subgroup, by its full path) whose members inherit access to projects below it. */
export interface DatasetGroup {
  id: number;
  path: string;
  name?: string;
  /** Who may see the group: its members (private, the default), every signed-in user, or anybody. */
  visibility?: 'private' | 'internal' | 'public';
  members: DatasetMember[];
  /** Not declared by the dataset: added because a project path names it. */
  implied?: boolean;
}

/** A comment or system note on a merge request. */
export interface DatasetNote {
  id?: number;
  authorId: number;
  createdAt: string;
  updatedAt?: string;
  body: string;
  system?: boolean;
  /** System note metadata action (`approved`, `unapproved`, `commit`, `reviewer`, …). */
  action?: string;
  /** Overrides the icon GitLab derives from `action`. */
  systemNoteIconName?: string;
  /** An internal (confidential) comment, visible to Reporters and above. */
  internal?: boolean;
}

/** An approval given to a merge request. */
export interface DatasetApproval {
  userId: number;
  approvedAt: string;
}

/** An issue referenced by a merge request (closing or related). */
export interface DatasetIssue {
  iid: number;
  title: string;
  id?: number;
  state?: 'opened' | 'closed';
}

/** A state change of a merge request (closed, reopened, merged). */
export interface DatasetStateEvent {
  state: 'closed' | 'reopened' | 'merged';
  userId: number;
  createdAt: string;
  id?: number;
}

/** A merge request and the metadata around it. */
export interface DatasetMergeRequest {
  iid: number;
  id?: number;
  title: string;
  description?: string;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  draft?: boolean;
  authorId: number;
  mergeUserId?: number | null;
  closedById?: number | null;
  sourceBranch: string;
  targetBranch: string;
  labels?: string[];
  createdAt: string;
  updatedAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
  additions: number;
  deletions: number;
  fileCount: number;
  approvalsRequired?: number;
  notes: DatasetNote[];
  approvals: DatasetApproval[];
  closesIssues: DatasetIssue[];
  relatedIssues?: DatasetIssue[];
  /** Explicit state history; when absent it is derived from mergedAt / closedAt. */
  stateEvents?: DatasetStateEvent[];
}

/** A project with its members and merge requests. */
export interface DatasetProject {
  id: number;
  /** Full path, any depth: `group/sub/project`. */
  path: string;
  name?: string;
  description?: string;
  defaultBranch?: string;
  mergeRequestsEnabled?: boolean;
  visibility?: 'private' | 'internal' | 'public';
  createdAt?: string;
  members: DatasetMember[];
  mergeRequests: DatasetMergeRequest[];
  /** Paths the project had before it was moved (GitLab's redirect routes). */
  redirectPaths?: string[];
  /** Highest iid ever used, so that deleted merge requests' iids are not reused. */
  lastMergeRequestIid?: number;
}

/** A refresh token issued to an OAuth application on behalf of a user. */
export interface DatasetRefreshToken {
  token: string;
  userId: number;
  scopes: string[];
}

/** An OAuth application: authorization code flow, token refresh, revocation. */
export interface DatasetOAuthApplication {
  clientId: string;
  clientSecret: string;
  name?: string;
  /** Allowed redirect URIs, one per line as GitLab stores them. */
  redirectUri?: string;
  /** Scopes the application may ask for. Default `['api', 'read_api', 'read_user']`. */
  scopes?: string[];
  /** A public client (no secret); default true. */
  confidential?: boolean;
  /** Trusted applications skip the consent page (Doorkeeper `skip_authorization`). */
  trusted?: boolean;
  refreshTokens: DatasetRefreshToken[];
}

/** Everything the simulator serves. */
export interface Dataset {
  instance?: { version?: string };
  users: DatasetUser[];
  tokens: DatasetToken[];
  groups?: DatasetGroup[];
  projects: DatasetProject[];
  oauthApplications?: DatasetOAuthApplication[];
}

/** Options of the deterministic dataset generator. */
export interface GenerateOptions {
  /** PRNG seed; the same seed and options give the same dataset. Default 1. */
  seed?: number;
  /** Number of projects with merge requests (fixture projects come on top). Default 20. */
  projects?: number;
  /** Merge requests per project. Default 25. Ignored when `mergeRequests` is set. */
  mrsPerProject?: number;
  /** Total number of merge requests, spread unevenly over the projects. */
  mergeRequests?: number;
  /** Number of human users (bots and fixture users come on top). Default 18. */
  users?: number;
  /** ISO time the data ends at. Default: now, truncated to the hour. */
  now?: string;
  /**
   * `small` (default): a few notes per merge request. `realistic`: about 8 notes per merge
   * request on average and about 5% with more than 100, for benchmarks.
   */
  notesProfile?: 'small' | 'realistic';
}
