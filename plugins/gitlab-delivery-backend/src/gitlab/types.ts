import { MergeRequestState } from '@delivery-insights/plugin-gitlab-delivery-common';

/** A GitLab project as the sync needs it. @internal */
export interface GitlabProject {
  id: number;
  fullPath: string;
  webUrl: string;
}

/** A merge request as GitLab's GraphQL list returns it, ids made numeric. @internal */
export interface GitlabMergeRequest {
  id: number;
  iid: number;
  /** Set when listed by group. */
  projectId?: number;
  title: string;
  description: string | null;
  state: MergeRequestState;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  /** Undefined when the server has no `MergeRequest.closedAt` (before GitLab 16.0). */
  closedAt?: string | null;
  webUrl: string;
  sourceBranch: string;
  targetBranch: string;
  author: string;
  mergeUser: string | null;
  labels: string[];
  additions: number | null;
  deletions: number | null;
  fileCount: number | null;
  userNotesCount: number | null;
  /** Who approves it now (an approval reset by a push is gone from here). */
  approvedBy: string[];
  /** Its notes read so far, oldest first. */
  notes: GitlabNote[];
  /** The cursor of its next page of notes; null once every note is read. */
  notesAfter: string | null;
}

/** A note of a merge request: a comment, or a system note GitLab wrote. @internal */
export interface GitlabNote {
  system: boolean;
  internal: boolean;
  createdAt: string;
  author: string | null;
  authorIsBot: boolean;
  /** What a system note records (`approved`, `unapproved`, …); null for comments or when unknown. */
  action: string | null;
}

/** A GitLab issue an MR closes or mentions. @internal */
export interface GitlabIssue {
  iid: number;
  projectId: number;
  title: string;
  webUrl: string;
  /** `group/project#12`, when GitLab sends references. */
  reference: string | null;
}

/** A state change of an MR, from REST `resource_state_events`. @internal */
export interface GitlabStateEvent {
  state: string;
  createdAt: string;
}

/** One page of MRs changed since a time, oldest first. @internal */
export interface MergeRequestPage {
  project: GitlabProject;
  mergeRequests: GitlabMergeRequest[];
}

/** A project the token's user is a member of, as the project list shows it. @internal */
export interface GitlabMemberProject extends GitlabProject {
  mergeRequestsEnabled: boolean;
  /** Whether the user may read the project's merge requests. */
  canReadMergeRequests: boolean;
  /** The user's access level (Gitlab::Access: 10 guest … 50 owner); null before GitLab 16.9. */
  accessLevel: number | null;
}

/** One page of the projects the token's user is a member of. @internal */
export interface MemberProjectPage {
  projects: GitlabMemberProject[];
  /** GitLab's cursor of the next page; absent on the last. */
  endCursor?: string;
}
