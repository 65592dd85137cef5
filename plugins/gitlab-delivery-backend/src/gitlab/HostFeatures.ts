/**
 * What this host's GitLab supports beyond the 2022 schema; learned from its
 * answers (a validation error names what is missing) and remembered for the
 * client's lifetime. Undefined until known.
 * @internal
 */
export interface HostFeatures {
  /** `mergeRequests(updatedAfter:)` on projects and groups, GitLab 15.8. */
  updatedAfter?: boolean;
  /** `MergeRequest.closedAt`, GitLab 16.0. */
  closedAt?: boolean;
  /** `Note.systemNoteMetadata { action }` (15.7) and `Note.internal` (15.5, `types/notes/note_type.rb`). */
  noteMetadata?: boolean;
  /**
   * `Project.maxAccessLevel`, GitLab 16.9 (gitlab-org/gitlab!141969,
   * `app/graphql/types/project_type.rb`); only the project list asks for it.
   */
  maxAccessLevel?: boolean;
}

/** The features a query is written for: a known lack switches one off. @internal */
export interface QueryFeatures {
  updatedAfter: boolean;
  closedAt: boolean;
  noteMetadata: boolean;
}

/** The features to write the next query for: everything not known to be missing. @internal */
export function queryFeatures(known: HostFeatures): QueryFeatures {
  return {
    updatedAfter: known.updatedAfter !== false,
    closedAt: known.closedAt !== false,
    noteMetadata: known.noteMetadata !== false,
  };
}

/** The GraphQL names each feature brings, as a validation error names them. */
export const FEATURE_NAMES: Record<keyof QueryFeatures, string[]> = {
  updatedAfter: ['updatedAfter'],
  closedAt: ['closedAt'],
  noteMetadata: ['systemNoteMetadata', 'internal'],
};
