/**
 * The GraphQL documents the plugin sends. Each is valid against GitLab's 2022
 * schema; the arguments and fields GitLab added later (`updatedAfter` in
 * 15.8, `closedAt` in 16.0) are switched on only where the server has them.
 *
 * GitLab caps a page at 100 nodes and a query at a complexity of 250.
 * Never add `diffStats` (per-file paths) here: only `diffStatsSummary`.
 */

/** What the server's schema offers beyond GitLab's 2022 schema. @internal */
export interface QueryFeatures {
  updatedAfter: boolean;
  closedAt: boolean;
}

/** GitLab's largest page. @internal */
export const PAGE_SIZE = 100;

const NOTE_FIELDS = `
        pageInfo { hasNextPage endCursor }
        nodes {
          system
          body
          createdAt
          systemNoteIconName
          author { username bot }
        }`;

function mergeRequestFields(features: QueryFeatures): string {
  return `
        id
        iid
        title
        description
        state
        draft
        createdAt
        updatedAt
        mergedAt${features.closedAt ? '\n        closedAt' : ''}
        webUrl
        sourceBranch
        targetBranch
        author { username }
        mergeUser { username }
        labels(first: ${PAGE_SIZE}) { nodes { title } }
        diffStatsSummary { additions deletions fileCount }
        userNotesCount`;
}

/**
 * A page of a project's MRs. With `updatedAfter`, oldest change first from the
 * cursor; without it (before GitLab 15.8), newest change first.
 * @internal
 */
export function mergeRequestListQuery(features: QueryFeatures): string {
  const args = features.updatedAfter
    ? `updatedAfter: $updatedAfter, sort: UPDATED_ASC, first: ${PAGE_SIZE}, after: $after`
    : `sort: UPDATED_DESC, first: ${PAGE_SIZE}, after: $after`;
  const variables = features.updatedAfter
    ? '$fullPath: ID!, $updatedAfter: Time, $after: String'
    : '$fullPath: ID!, $after: String';
  return `query DeliveryMergeRequests(${variables}) {
  project(fullPath: $fullPath) {
    id
    fullPath
    webUrl
    mergeRequests(${args}) {
      pageInfo { hasNextPage endCursor }
      nodes {${mergeRequestFields(features)}
      }
    }
  }
}`;
}

/** The notes of a batch of MRs, up to 100 each. @internal */
export function mergeRequestNotesBatchQuery(): string {
  return `query DeliveryMergeRequestNotes($fullPath: ID!, $iids: [String!], $first: Int) {
  project(fullPath: $fullPath) {
    mergeRequests(iids: $iids, first: $first) {
      pageInfo { hasNextPage endCursor }
      nodes {
        iid
        notes(first: ${PAGE_SIZE}) {${NOTE_FIELDS}
        }
      }
    }
  }
}`;
}

/** The next page of notes of one MR with more than 100 notes. @internal */
export function mergeRequestNotesPageQuery(): string {
  return `query DeliveryMergeRequestNotesPage($fullPath: ID!, $iid: String!, $after: String) {
  project(fullPath: $fullPath) {
    mergeRequest(iid: $iid) {
      notes(first: ${PAGE_SIZE}, after: $after) {${NOTE_FIELDS}
      }
    }
  }
}`;
}

/** A project's id, canonical path and web URL. @internal */
export function projectQuery(): string {
  return `query DeliveryProject($fullPath: ID!) {
  project(fullPath: $fullPath) {
    id
    fullPath
    webUrl
  }
}`;
}
