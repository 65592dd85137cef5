import { hasFeature } from '../version';

const CONNECTION_ARGS = `
    """Returns the elements in the list that come after the specified cursor."""
    after: String
    """Returns the elements in the list that come before the specified cursor."""
    before: String
    """Returns the first _n_ elements from the list."""
    first: Int
    """Returns the last _n_ elements from the list."""
    last: Int`;

/**
 * The subset of GitLab's GraphQL schema the simulator serves, with GitLab's own type, field,
 * argument and enum names. Fields and arguments added after 2022 appear only for versions that
 * have them.
 */
export function schemaSdl(version: string): string {
  const updatedFilters = hasFeature(version, 'graphqlUpdatedAfter');
  const closedAt = hasFeature(version, 'graphqlClosedAt');
  return `
"""
Time represented in ISO 8601.

For example: "2021-03-09T14:58:50+00:00".
"""
scalar Time

"""A \`NoteID\` is a global ID. It is encoded as a string."""
scalar NoteID

type Query {
  """Get information about current user."""
  currentUser: UserCore

  """Metadata about GitLab."""
  metadata: Metadata

  """Find a project."""
  project(
    """Full path of the project, group, or namespace. For example, \`gitlab-org/gitlab-foss\`."""
    fullPath: ID!
  ): Project
}

type Kas {
  enabled: Boolean!
  externalUrl: String
  version: String
}

type Metadata {
  kas: Kas!
  revision: String!
  version: String!
}

type Project {
  archived: Boolean
  createdAt: Time
  description: String
  fullPath: ID!
  id: ID!
  lastActivityAt: Time

  """A single merge request of the project."""
  mergeRequest(
    """IID of the merge request, for example \`1\`."""
    iid: String!
  ): MergeRequest

  """Merge requests of the project."""
  mergeRequests(
    """Array of IIDs of merge requests, for example \`[1, 2]\`."""
    iids: [String!]
    sourceBranches: [String!]
    targetBranches: [String!]
    """A merge request state. If provided, all resolved merge requests will have this state."""
    state: MergeRequestState
    labels: [String!]
    """Merge requests merged after this date."""
    mergedAfter: Time
    """Merge requests merged before this date."""
    mergedBefore: Time
    milestoneTitle: String
    """Sort merge requests by this criteria."""
    sort: MergeRequestSort = created_desc
    assigneeUsername: String
    authorUsername: String
    reviewerUsername: String${
      updatedFilters
        ? `
    """Merge requests updated after the timestamp."""
    updatedAfter: Time
    """Merge requests updated before the timestamp."""
    updatedBefore: Time`
        : ''
    }${CONNECTION_ARGS}
  ): MergeRequestConnection

  """Indicates if Merge Requests are enabled for the current user"""
  mergeRequestsEnabled: Boolean
  name: String!
  nameWithNamespace: String!
  path: String!
  visibility: String
  webUrl: String
}

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

type Label {
  color: String!
  createdAt: Time!
  description: String
  id: ID!
  textColor: String!
  title: String!
  updatedAt: Time!
}

type Note {
  author: UserCore
  body: String!
  confidential: Boolean
  createdAt: Time!
  id: NoteID!
  resolvable: Boolean!
  resolved: Boolean!
  system: Boolean!
  systemNoteIconName: String
  updatedAt: Time!
  url: String
}

type UserCore {
  avatarUrl: String
  bot: Boolean!
  id: ID!
  name: String!
  publicEmail: String
  state: UserState!
  username: String!
  webPath: String!
  webUrl: String!
}

enum UserState {
  active
  blocked
  deactivated
}

enum MergeRequestState {
  opened
  closed
  locked
  all
  merged
}

enum MergeRequestSort {
  updated_desc @deprecated(reason: "This was renamed. Please use \`UPDATED_DESC\`. Deprecated in 13.5.")
  updated_asc @deprecated(reason: "This was renamed. Please use \`UPDATED_ASC\`. Deprecated in 13.5.")
  created_desc @deprecated(reason: "This was renamed. Please use \`CREATED_DESC\`. Deprecated in 13.5.")
  created_asc @deprecated(reason: "This was renamed. Please use \`CREATED_ASC\`. Deprecated in 13.5.")
  UPDATED_DESC
  UPDATED_ASC
  CREATED_DESC
  CREATED_ASC
  PRIORITY_ASC
  PRIORITY_DESC
  LABEL_PRIORITY_ASC
  LABEL_PRIORITY_DESC
  MILESTONE_DUE_ASC
  MILESTONE_DUE_DESC
  MERGED_AT_ASC
  MERGED_AT_DESC
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type MergeRequestConnection {
  count: Int!
  edges: [MergeRequestEdge]
  nodes: [MergeRequest]
  pageInfo: PageInfo!
  totalTimeToMerge: Float
}

type MergeRequestEdge {
  cursor: String!
  node: MergeRequest
}

type LabelConnection {
  count: Int!
  edges: [LabelEdge]
  nodes: [Label]
  pageInfo: PageInfo!
}

type LabelEdge {
  cursor: String!
  node: Label
}

type NoteConnection {
  edges: [NoteEdge]
  nodes: [Note]
  pageInfo: PageInfo!
}

type NoteEdge {
  cursor: String!
  node: Note
}

type UserCoreConnection {
  edges: [UserCoreEdge]
  nodes: [UserCore]
  pageInfo: PageInfo!
}

type UserCoreEdge {
  cursor: String!
  node: UserCore
}
`;
}
