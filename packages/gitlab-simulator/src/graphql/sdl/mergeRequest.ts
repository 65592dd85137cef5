import { hasFeature } from '../../version';
import { CONNECTION_ARGS } from './common';

/** `MergeRequest` and the types only it uses. */
export function mergeRequestSdl(version: string): string {
  const closedAt = hasFeature(version, 'graphqlClosedAt');
  return `
type MergeRequest {
  approvalsLeft: Int
  approvalsRequired: Int
  approved: Boolean!
  approvedBy(${CONNECTION_ARGS}
  ): UserCoreConnection
  author: UserCore${
    closedAt
      ? `
  """Timestamp of when the merge request was closed, null if not closed."""
  closedAt: Time`
      : ''
  }
  commitCount: Int
  conflicts: Boolean!
  createdAt: Time!
  description: String
  diffStats(
    """A specific file-path."""
    path: String
  ): [DiffStats!]
  diffStatsSummary: DiffStatsSummary
  downvotes: Int!
  draft: Boolean!
  id: ID!
  iid: String!
  labels(${CONNECTION_ARGS}
  ): LabelConnection
  mergeStatus: String
  mergeUser: UserCore
  mergedAt: Time
  notes(${CONNECTION_ARGS}
  ): NoteConnection!
  project: Project!
  projectId: Int!
  reference(
    """Boolean option specifying whether the reference should be returned in full."""
    full: Boolean = false
  ): String!
  sourceBranch: String!
  sourceProjectId: Int
  state: ${closedAt ? 'MergeRequestState' : 'String'}!
  targetBranch: String!
  targetProjectId: Int!
  title: String!
  updatedAt: Time!
  upvotes: Int!
  userDiscussionsCount: Int
  userNotesCount: Int
  webUrl: String
  workInProgress: Boolean! @deprecated(reason: "Use \`draft\`. Deprecated in 13.12.")
}

type DiffStats {
  additions: Int!
  deletions: Int!
  path: String!
}

type DiffStatsSummary {
  additions: Int!
  changes: Int!
  deletions: Int!
  fileCount: Int!
}
`;
}
