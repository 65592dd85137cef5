import { accessLevel, ACCESS } from '../dataset/access';
import { DRAFT_TITLE, normalizeMergeRequest } from '../dataset/load';
import { assignMissingIds } from '../dataset/mutate';
import { stampUpdate, throttledTouch } from '../dataset/touch';
import type { DatasetMergeRequest, DatasetProject } from '../dataset/types';
import type { SimulatorState } from '../state';
import { isoTime } from '../time';
import {
  mergeRequestOf,
  optBool,
  optInt,
  optNumber,
  optStr,
  optStrings,
  optText,
  optTime,
  projectOf,
  str,
  userOf,
  type Input,
} from './input';
import { addStateEvent, materializeStateEvents } from './stateEvents';
import { ActionError } from './types';

/** What an action changed. */
export interface Affected {
  project: DatasetProject;
  mr: DatasetMergeRequest;
}

function nextIid(project: DatasetProject): number {
  return (
    Math.max(
      project.lastMergeRequestIid ?? 0,
      0,
      ...project.mergeRequests.map(m => m.iid),
    ) + 1
  );
}

/** `create`: a new open merge request, stamped now or at `createdAt`. */
export function createMergeRequest(
  state: SimulatorState,
  input: Input,
): Affected {
  const project = projectOf(state.data, input);
  if (project.mergeRequestsEnabled === false) {
    throw new ActionError(`Merge requests are disabled in '${project.path}'`);
  }
  const author = userOf(state.data, input, 'author');
  const title = str(input, 'title');
  const stamp = isoTime(optTime(input, 'createdAt') ?? state.now());
  const iid = nextIid(project);
  state.replica.beforeChange(project, iid, undefined);
  const mr = normalizeMergeRequest({
    iid,
    title,
    description: optText(input, 'description') ?? '',
    state: 'opened',
    authorId: author.id,
    sourceBranch: optStr(input, 'sourceBranch') ?? `feature/change-${iid}`,
    targetBranch:
      optStr(input, 'targetBranch') ?? project.defaultBranch ?? 'main',
    labels: optStrings(input, 'labels') ?? [],
    createdAt: stamp,
    updatedAt: stamp,
    additions: optInt(input, 'additions') ?? 0,
    deletions: optInt(input, 'deletions') ?? 0,
    fileCount: optInt(input, 'fileCount') ?? 0,
    notes: [],
    approvals: [],
    closesIssues: [],
  });
  project.mergeRequests.push(mr);
  project.lastMergeRequestIid = iid;
  assignMissingIds(state.data);
  return { project, mr };
}

function draftTitle(title: string, draft: boolean): string {
  const bare = title.replace(DRAFT_TITLE, '').trimStart();
  return draft ? `Draft: ${bare}` : bare;
}

/**
 * `update`: title, description and draft changes save the merge request, which always stamps
 * `updated_at`; a label-only change only touches it, throttled (IssuableBaseService#update).
 */
export function editMergeRequest(
  state: SimulatorState,
  input: Input,
): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const title = optStr(input, 'title');
  const description = optText(input, 'description');
  const labels = optStrings(input, 'labels');
  const draft = optBool(input, 'draft');
  const updatedAt = optTime(input, 'updatedAt');
  if (
    [title, description, labels, draft, updatedAt].every(v => v === undefined)
  ) {
    throw new ActionError(
      `'update' needs at least one of title, description, labels, draft, updatedAt`,
    );
  }
  state.replica.beforeChange(project, mr.iid, mr);
  const before = {
    title: mr.title,
    description: mr.description,
    draft: mr.draft,
  };
  if (title !== undefined) mr.title = title;
  if (description !== undefined) mr.description = description;
  if (draft !== undefined) mr.title = draftTitle(mr.title, draft);
  mr.draft = DRAFT_TITLE.test(mr.title);
  const saved =
    mr.title !== before.title ||
    mr.description !== before.description ||
    mr.draft !== before.draft;
  const oldLabels = [...(mr.labels ?? [])].sort().join('\n');
  if (labels !== undefined) mr.labels = [...labels];
  const labelsChanged = [...(mr.labels ?? [])].sort().join('\n') !== oldLabels;
  if (updatedAt !== undefined) {
    mr.updatedAt = isoTime(updatedAt);
  } else if (saved) {
    stampUpdate(mr, state.now());
  } else if (labelsChanged) {
    throttledTouch(mr, state.now());
  }
  return { project, mr };
}

/**
 * `merge`: MergeRequests::PostMergeService#execute commits the `merged` state first
 * (`mark_as_merged`), then writes `merged_at` in a second transaction with the merge event
 * (MergeRequestMetricsService#merge, on merge_request_metrics, so the merge request is not
 * touched). A read in between sees `state: merged` and no `merged_at`.
 */
export function mergeMergeRequest(
  state: SimulatorState,
  input: Input,
): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const user = userOf(state.data, input, 'user');
  const delaySeconds = optNumber(input, 'mergedAtDelaySeconds');
  if (mr.state !== 'opened') {
    throw new ActionError(
      `!${mr.iid} is ${mr.state}, only open merge requests can be merged`,
    );
  }
  if (mr.draft) {
    throw new ActionError(
      `!${mr.iid} is a draft; mark it ready before merging`,
    );
  }
  if (
    accessLevel(state.data, project, user.id, state.now()) < ACCESS.developer
  ) {
    throw new ActionError(
      `'${user.username}' may not merge in '${project.path}' (needs Developer)`,
    );
  }
  state.replica.beforeChange(project, mr.iid, mr);
  materializeStateEvents(project, mr);
  const nowMs = state.now();
  mr.state = 'merged';
  mr.mergeUserId = user.id;
  mr.mergedAt = null;
  stampUpdate(mr, nowMs);
  addStateEvent(project, mr, 'merged', user.id, nowMs);
  const delayMs =
    delaySeconds === undefined
      ? state.timings.mergedAtDelayMs
      : delaySeconds * 1000;
  const writeMergedAt = (atMs: number) => {
    if (mr.state === 'merged') mr.mergedAt = isoTime(atMs);
  };
  if (delayMs <= 0) {
    writeMergedAt(nowMs);
  } else {
    state.jobs.schedule(nowMs + delayMs, () => writeMergedAt(nowMs + delayMs));
  }
  return { project, mr };
}

/** `close` and `reopen`: state changes save the merge request and add a resource state event. */
export function changeState(
  state: SimulatorState,
  input: Input,
  to: 'closed' | 'opened',
): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  const user = userOf(state.data, input, 'user');
  const from = to === 'closed' ? 'opened' : 'closed';
  if (mr.state !== from) {
    throw new ActionError(`!${mr.iid} is ${mr.state}, not ${from}`);
  }
  state.replica.beforeChange(project, mr.iid, mr);
  materializeStateEvents(project, mr);
  const nowMs = state.now();
  mr.state = to;
  mr.closedAt = to === 'closed' ? isoTime(nowMs) : null;
  mr.closedById = to === 'closed' ? user.id : null;
  stampUpdate(mr, nowMs);
  addStateEvent(
    project,
    mr,
    to === 'closed' ? 'closed' : 'reopened',
    user.id,
    nowMs,
  );
  return { project, mr };
}

/** `delete`: the merge request is gone from every list and lookup; its iid is not reused. */
export function deleteMergeRequest(
  state: SimulatorState,
  input: Input,
): Affected {
  const project = projectOf(state.data, input);
  const mr = mergeRequestOf(project, input);
  state.replica.beforeChange(project, mr.iid, mr);
  project.lastMergeRequestIid = nextIid(project) - 1;
  project.mergeRequests = project.mergeRequests.filter(m => m !== mr);
  return { project, mr };
}
