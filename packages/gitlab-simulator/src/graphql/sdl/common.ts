/** Connection arguments as GitLab declares them. */
export const CONNECTION_ARGS = `
    """Returns the elements in the list that come after the specified cursor."""
    after: String
    """Returns the elements in the list that come before the specified cursor."""
    before: String
    """Returns the first _n_ elements from the list."""
    first: Int
    """Returns the last _n_ elements from the list."""
    last: Int`;

/** Scalars, users, labels, enums and connections shared by all versions. */
export const COMMON_SDL = `
"""
Time represented in ISO 8601.

For example: "2021-03-09T14:58:50+00:00".
"""
scalar Time

"""A \`NoteID\` is a global ID. It is encoded as a string."""
scalar NoteID

type Label {
  color: String!
  createdAt: Time!
  description: String
  id: ID!
  textColor: String!
  title: String!
  updatedAt: Time!
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
