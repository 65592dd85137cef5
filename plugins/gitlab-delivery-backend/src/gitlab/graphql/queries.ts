/**
 * The GraphQL documents the sync sends. Each is valid against GitLab's 2022
 * schema when the features GitLab added later are off (see HostFeatures).
 * GitLab caps a page at 100 nodes and a query at a complexity of 250.
 */
import { QueryFeatures } from '../HostFeatures';
import { mergeRequestFields, notesConnection, PAGE_SIZE } from './fields';

function listArguments(features: QueryFeatures): {
  args: string;
  variables: string;
} {
  return features.updatedAfter
    ? {
        args: `updatedAfter: $updatedAfter, sort: UPDATED_ASC, first: ${PAGE_SIZE}, after: $after`,
        variables: '$updatedAfter: Time, $after: String',
      }
    : {
        args: `sort: UPDATED_DESC, first: ${PAGE_SIZE}, after: $after`,
        variables: '$after: String',
      };
}

/**
 * A page of a project's MRs with everything the metrics need: with
 * `updatedAfter`, oldest change first from the cursor; without it (before
 * GitLab 15.8), newest change first.
 * @internal
 */
export function projectPageQuery(features: QueryFeatures): string {
  const { args, variables } = listArguments(features);
  return `query DeliveryMergeRequests($fullPath: ID!, ${variables}) {
  project(fullPath: $fullPath) {
    id
    fullPath
    webUrl
    mergeRequests(${args}) {
      count
      pageInfo { hasNextPage endCursor }
      nodes {${mergeRequestFields(features)}
      }
    }
  }
}`;
}

/**
 * A page of the MRs of a group and its subgroups changed since a time, for
 * cycles where several of its tracked projects changed.
 * @internal
 */
export function groupPageQuery(features: QueryFeatures): string {
  const { args, variables } = listArguments(features);
  return `query DeliveryGroupMergeRequests($fullPath: ID!, ${variables}) {
  group(fullPath: $fullPath) {
    mergeRequests(includeSubgroups: true, ${args}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        projectId${mergeRequestFields(features)}
      }
    }
  }
}`;
}

/** Some MRs of a project by iid, with everything the metrics need. @internal */
export function byIidsQuery(features: QueryFeatures): string {
  return `query DeliveryMergeRequestsByIid($fullPath: ID!, $iids: [String!]) {
  project(fullPath: $fullPath) {
    id
    fullPath
    webUrl
    mergeRequests(iids: $iids, first: ${PAGE_SIZE}) {
      pageInfo { hasNextPage endCursor }
      nodes {${mergeRequestFields(features)}
      }
    }
  }
}`;
}

/**
 * The next page of notes of several MRs, of one or more projects: project
 * aliases `p0`, `p1`, … (variables `$path0`, …), each with MR aliases `m0`,
 * `m1`, … numbered across the query (variables `$iid0`, `$after0`, …).
 * `perProject` gives how many MRs each project has.
 * @internal
 */
export function moreNotesQuery(
  features: QueryFeatures,
  perProject: number[],
): string {
  const variables: string[] = [];
  const projects: string[] = [];
  let m = 0;
  perProject.forEach((count, p) => {
    variables.push(`$path${p}: ID!`);
    const aliases: string[] = [];
    for (let k = 0; k < count; k++, m++) {
      variables.push(`$iid${m}: String!, $after${m}: String`);
      aliases.push(`
    m${m}: mergeRequest(iid: $iid${m}) {
        ${notesConnection(features, `$after${m}`)}
    }`);
    }
    projects.push(`
  p${p}: project(fullPath: $path${p}) {${aliases.join('')}
  }`);
  });
  return `query DeliveryMoreNotes(${variables.join(', ')}) {${projects.join('')}
}`;
}

/**
 * The titles of issues, by project path and iids, one alias per project
 * (`p0`, `p1`, …, with variables `$path0`, `$iids0`, …).
 * @internal
 */
export function issuesQuery(count: number): string {
  const variables = Array.from(
    { length: count },
    (_, i) => `$path${i}: ID!, $iids${i}: [String!]`,
  ).join(', ');
  const aliases = Array.from(
    { length: count },
    (_, i) => `
  p${i}: project(fullPath: $path${i}) {
    fullPath
    issues(iids: $iids${i}, first: ${PAGE_SIZE}) { nodes { iid title webUrl } }
  }`,
  ).join('');
  return `query DeliveryIssueTitles(${variables}) {${aliases}
}`;
}

/**
 * The newest change of up to 100 projects at once: a cycle where nothing
 * changed costs one request per 100 projects.
 * @internal
 */
export function probeQuery(): string {
  return `query DeliveryProbe($ids: [ID!]) {
  projects(ids: $ids, first: ${PAGE_SIZE}) {
    nodes {
      id
      fullPath
      webUrl
      mergeRequests(sort: UPDATED_DESC, first: 1) { nodes { iid updatedAt } }
    }
  }
}`;
}

/** A page of a project's MR iids and times, for reconciliation. @internal */
export function iidsQuery(): string {
  return `query DeliveryMergeRequestIids($fullPath: ID!, $after: String) {
  project(fullPath: $fullPath) {
    id
    mergeRequests(sort: CREATED_ASC, first: ${PAGE_SIZE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { iid updatedAt }
    }
  }
}`;
}

/**
 * Several projects by full path, one alias each (`p0`, `p1`, …, with
 * variables `$path0`, …): resolves the paths entities name to ids.
 * @internal
 */
export function projectsByPathQuery(count: number): string {
  const variables = Array.from(
    { length: count },
    (_, i) => `$path${i}: ID!`,
  ).join(', ');
  const aliases = Array.from(
    { length: count },
    (_, i) => `
  p${i}: project(fullPath: $path${i}) { id fullPath webUrl }`,
  ).join('');
  return `query DeliveryProjects(${variables}) {${aliases}
}`;
}

/**
 * A page of the projects the token's user is a member of, newest id first
 * (`Resolvers::ProjectsResolver` → ProjectsFinder, keyset-paged by id), with
 * the user's role in each: `maxAccessLevel` from GitLab 16.9; before that,
 * only whether the user may read merge requests (`userPermissions`).
 * `mergeRequestsEnabled` is false where merge requests are off or hidden
 * from the user (`feature_available?(:merge_requests, current_user)`).
 * @internal
 */
export function memberProjectsQuery(withMaxAccessLevel: boolean): string {
  return `query DeliveryMemberProjects($search: String, $first: Int, $after: String) {
  projects(membership: true, search: $search, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      fullPath
      webUrl
      mergeRequestsEnabled
      userPermissions { readMergeRequest }${
        withMaxAccessLevel ? '\n      maxAccessLevel { integerValue }' : ''
      }
    }
  }
}`;
}
