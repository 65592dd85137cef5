import { COMMON_SDL, CONNECTION_ARGS } from './common';
import { mergeRequestSdl } from './mergeRequest';
import { noteSdl } from './note';
import { projectSdl } from './project';

const QUERY_SDL = `
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

  """Find a group."""
  group(
    """Full path of the project, group, or namespace."""
    fullPath: ID!
  ): Group

  """Information about the complexity of the GraphQL query."""
  queryComplexity: QueryComplexity

  """Find projects visible to the current user."""
  projects(
    """Limit projects that the current user is a member of."""
    membership: Boolean
    """Search query for project name, path, or description."""
    search: String
    """Filter projects by IDs."""
    ids: [ID!]
    """Include namespace in project search."""
    searchNamespaces: Boolean
    """Sort order of results."""
    sort: String${CONNECTION_ARGS}
  ): ProjectConnection
}

type QueryComplexity {
  """GraphQL query complexity limit."""
  limit: Int
  """GraphQL query complexity score."""
  score: Int
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
`;

/**
 * The subset of GitLab's GraphQL schema the simulator serves, with GitLab's own type, field,
 * argument and enum names (checked against the 2022 schema of gitlab.com). Fields and
 * arguments added after 2022 appear only for versions that have them.
 */
export function schemaSdl(version: string): string {
  return [
    COMMON_SDL,
    QUERY_SDL,
    projectSdl(version),
    mergeRequestSdl(version),
    noteSdl(version),
  ].join('\n');
}
