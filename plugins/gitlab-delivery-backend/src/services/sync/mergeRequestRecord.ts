import { createHash } from 'node:crypto';
import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { MergeRequestRecord } from '../../database/types';
import { GitlabMergeRequest, GitlabStateEvent } from '../../gitlab/types';
import { firstHumanComment, firstStandingApproval } from './approvals';

function toUtc(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return DateTime.fromISO(iso, { zone: 'utc' }).toUTC().toISO();
}

/**
 * A digest of everything the list returns of an MR. GitLab's `updated_at`
 * alone misses changes: a note or an approval within a minute of the last
 * touch does not move it (app/models/concerns/throttled_touch.rb,
 * TOUCH_INTERVAL), GraphQL times are whole seconds
 * (app/graphql/types/time_type.rb), and `merged_at` is written after the
 * `merged` state (app/services/merge_requests/post_merge_service.rb). An MR
 * whose digest is unchanged needs no more requests and no write.
 * @internal
 */
export function listDigest(mr: GitlabMergeRequest): string {
  const listed = [
    mr.state,
    mr.draft,
    mr.title,
    mr.description,
    mr.createdAt,
    mr.updatedAt,
    mr.mergedAt,
    mr.closedAt ?? null,
    mr.sourceBranch,
    mr.targetBranch,
    mr.author,
    mr.mergeUser,
    [...mr.labels].sort(),
    mr.additions,
    mr.deletions,
    mr.fileCount,
    mr.userNotesCount,
    [...mr.approvedBy].sort(),
    mr.notes.length,
    mr.notesAfter !== null,
    mr.notes.at(-1)?.createdAt ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(listed)).digest('hex');
}

/**
 * When a closed MR was closed on GitLab without `MergeRequest.closedAt`
 * (before 16.0): the last `closed` state event. Since 13.x GitLab records
 * state changes as resource state events, not system notes
 * (app/services/resource_events/change_state_service.rb).
 * @internal
 */
export function closedAtFromEvents(
  events: readonly GitlabStateEvent[],
): string | null {
  const closed = events.filter(event => event.state === 'closed');
  if (closed.length === 0) return null;
  // Whole seconds, as GraphQL gives every other time.
  return DateTime.fromISO(closed[closed.length - 1].createdAt, { zone: 'utc' })
    .startOf('second')
    .toISO();
}

/** The stored record of an MR, from what GitLab said about it. @internal */
export function toMergeRequestRecord(options: {
  host: string;
  projectId: number;
  projectPath: string;
  mergeRequest: GitlabMergeRequest;
  /** When GitLab has no `closedAt`: the close time from its state events. */
  closedAt?: string | null;
  tickets: RelatedTicket[];
  isExcluded: (username: string) => boolean;
}): MergeRequestRecord {
  const { mergeRequest: mr, isExcluded } = options;
  const closedAt =
    mr.closedAt !== undefined ? mr.closedAt : options.closedAt ?? null;
  return {
    host: options.host,
    projectId: options.projectId,
    projectPath: options.projectPath,
    id: mr.id,
    iid: mr.iid,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    draft: mr.draft,
    createdAt: toUtc(mr.createdAt)!,
    updatedAt: toUtc(mr.updatedAt)!,
    mergedAt: toUtc(mr.mergedAt),
    closedAt: toUtc(closedAt),
    firstApprovedAt: toUtc(
      firstStandingApproval(mr.notes, mr.author, isExcluded),
    ),
    firstCommentAt: toUtc(firstHumanComment(mr.notes, mr.author, isExcluded)),
    author: mr.author,
    mergeUser: mr.mergeUser,
    sourceBranch: mr.sourceBranch,
    targetBranch: mr.targetBranch,
    labels: mr.labels,
    filesChanged: mr.fileCount,
    linesAdded: mr.additions,
    linesDeleted: mr.deletions,
    relatedTickets: options.tickets,
    webUrl: mr.webUrl,
  };
}
