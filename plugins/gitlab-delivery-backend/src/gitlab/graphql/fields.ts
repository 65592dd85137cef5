import { QueryFeatures } from '../HostFeatures';

/** GitLab's largest page. @internal */
export const PAGE_SIZE = 100;

/**
 * A note as the sync reads it. Newer GitLab says what a system note records
 * (`systemNoteMetadata.action`); older GitLab only its icon, whose names come
 * from `app/helpers/system_note_helper.rb` (`approval`, `unapproval`, ...).
 * Bodies are never read: no comment text is needed.
 */
function noteFields(features: QueryFeatures): string {
  return features.noteMetadata
    ? 'system internal createdAt author { username bot } systemNoteMetadata { action }'
    : 'system createdAt author { username bot } systemNoteIconName';
}

/** A page of notes: GitLab orders them oldest first (`NotesFinder#sort`, `Note.fresh`). @internal */
export function notesConnection(
  features: QueryFeatures,
  after?: string,
): string {
  return `notes(first: ${PAGE_SIZE}${after ? `, after: ${after}` : ''}) {
          pageInfo { hasNextPage endCursor }
          nodes { ${noteFields(features)} }
        }`;
}

/**
 * Everything the metrics need of an MR, its first page of notes included.
 * Never `diffStats` (per-file paths): only `diffStatsSummary`.
 * @internal
 */
export function mergeRequestFields(features: QueryFeatures): string {
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
        userNotesCount
        approvedBy(first: ${PAGE_SIZE}) { nodes { username } }
        ${notesConnection(features)}`;
}
