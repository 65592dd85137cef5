import { hasFeature } from '../../version';
import { CONNECTION_ARGS } from './common';

/** `Project`, `Query.projects`'s connection and the access level types. */
export function projectSdl(version: string): string {
  const updatedFilters = hasFeature(version, 'graphqlUpdatedAfter');
  const maxAccessLevel = hasFeature(version, 'graphqlMaxAccessLevel');
  return `
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

${
  maxAccessLevel
    ? `
  """The maximum access level of the current user in the project."""
  maxAccessLevel: AccessLevel!`
    : ''
}

  """Issues of the project."""
  issues(
    """Array of IIDs of issues, for example \`[1, 2]\`."""
    iids: [String!]${CONNECTION_ARGS}
  ): IssueConnection

  """Indicates if Merge Requests are enabled for the current user"""
  mergeRequestsEnabled: Boolean
  name: String!
  nameWithNamespace: String!
  path: String!
  """Permissions for the current user on the resource"""
  userPermissions: ProjectPermissions!
  visibility: String
  webUrl: String
}

type Issue {
  id: ID!
  iid: String!
  state: IssueState!
  title: String!
  webUrl: String!
}

enum IssueState {
  opened
  closed
  locked
  all
}

type IssueConnection {
  count: Int!
  nodes: [Issue]
  pageInfo: PageInfo!
}

type Group {
  fullPath: ID!
  id: ID!

  """Merge requests for projects in this group."""
  mergeRequests(
    iids: [String!]
    sourceBranches: [String!]
    targetBranches: [String!]
    state: MergeRequestState
    labels: [String!]
    mergedAfter: Time
    mergedBefore: Time
    milestoneTitle: String
    sort: MergeRequestSort = created_desc
    """Include merge requests belonging to subgroups"""
    includeSubgroups: Boolean = false
    assigneeUsername: String
    authorUsername: String${
      updatedFilters
        ? `
    updatedAfter: Time
    updatedBefore: Time`
        : ''
    }${CONNECTION_ARGS}
  ): MergeRequestConnection

  """Projects within this namespace."""
  projects(
    """Include also subgroup projects."""
    includeSubgroups: Boolean = false${CONNECTION_ARGS}
  ): ProjectConnection!
}

type ProjectPermissions {
  createMergeRequestIn: Boolean!
  readMergeRequest: Boolean!
  readProject: Boolean!
  readProjectMember: Boolean!
}

type ProjectConnection {
  edges: [ProjectEdge]
  nodes: [Project]
  pageInfo: PageInfo!
}

type ProjectEdge {
  cursor: String!
  node: Project
}

type AccessLevel {
  """Integer representation of access level."""
  integerValue: Int
  """String representation of access level."""
  stringValue: AccessLevelEnum
}

"""Access level to a resource"""
enum AccessLevelEnum {
  NO_ACCESS
  MINIMAL_ACCESS
  GUEST
  REPORTER
  DEVELOPER
  MAINTAINER
  OWNER
}
`;
}
