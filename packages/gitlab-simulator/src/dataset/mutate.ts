import { isoTime, toMillis } from '../time';
import { findProject } from './access';
import { normalizeMergeRequest } from './load';
import type { Dataset, DatasetMergeRequest, DatasetProject } from './types';

/** Fills missing merge request and note ids with fresh ones, unique over the dataset. */
export function assignMissingIds(data: Dataset): void {
  let maxMr = 0;
  let maxNote = 0;
  for (const project of data.projects) {
    for (const mr of project.mergeRequests) {
      maxMr = Math.max(maxMr, mr.id ?? 0);
      for (const note of mr.notes) maxNote = Math.max(maxNote, note.id ?? 0);
    }
  }
  for (const project of data.projects) {
    for (const mr of project.mergeRequests) {
      if (mr.id === undefined || mr.id === null) mr.id = ++maxMr;
      for (const note of mr.notes) {
        if (note.id === undefined || note.id === null) note.id = ++maxNote;
      }
    }
  }
}

function requireProject(
  data: Dataset,
  projectIdOrPath: number | string,
): DatasetProject {
  const project = findProject(data, projectIdOrPath);
  if (!project) {
    throw new Error(`No project '${projectIdOrPath}' in the dataset`);
  }
  return project;
}

/** A time strictly after every merge request update of the project (one second later). */
function nextUpdateTime(project: DatasetProject): string {
  let newest = 0;
  for (const mr of project.mergeRequests) {
    const ms = toMillis(mr.updatedAt);
    if (ms > newest) newest = ms;
  }
  return isoTime(newest + 1000);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * Applies changes to a merge request and bumps its updatedAt past the project's newest update
 * (or to `changes.updatedAt`). Merging or closing without a timestamp stamps mergedAt / closedAt.
 */
export function updateMergeRequest(
  data: Dataset,
  projectIdOrPath: number | string,
  iid: number,
  changes: Partial<DatasetMergeRequest>,
): DatasetMergeRequest {
  const project = requireProject(data, projectIdOrPath);
  const mr = project.mergeRequests.find(m => m.iid === iid);
  if (!mr) {
    throw new Error(`No merge request !${iid} in project '${project.path}'`);
  }
  const stamp = changes.updatedAt ?? nextUpdateTime(project);
  const { updatedAt: _ignored, ...rest } = withoutUndefined(changes);
  const previousState = mr.state;
  Object.assign(mr, rest, { updatedAt: stamp });
  if (
    mr.state === 'merged' &&
    previousState !== 'merged' &&
    changes.mergedAt === undefined
  ) {
    mr.mergedAt = stamp;
  }
  if (
    mr.state === 'closed' &&
    previousState !== 'closed' &&
    changes.closedAt === undefined
  ) {
    mr.closedAt = stamp;
  }
  normalizeMergeRequest(mr);
  assignMissingIds(data);
  return mr;
}

/** Adds a merge request with defaults filled in; it becomes the project's most recently updated one. */
export function addMergeRequest(
  data: Dataset,
  projectIdOrPath: number | string,
  partial: Partial<DatasetMergeRequest>,
): DatasetMergeRequest {
  const project = requireProject(data, projectIdOrPath);
  const iid =
    partial.iid ?? Math.max(0, ...project.mergeRequests.map(m => m.iid)) + 1;
  if (project.mergeRequests.some(m => m.iid === iid)) {
    throw new Error(
      `Merge request !${iid} already exists in project '${project.path}'`,
    );
  }
  const stamp = nextUpdateTime(project);
  const authorId =
    partial.authorId ?? project.members[0]?.userId ?? data.users[0]?.id;
  if (authorId === undefined) {
    throw new Error('Cannot add a merge request to a dataset without users');
  }
  const mr = normalizeMergeRequest({
    iid,
    title: `Merge request ${iid}`,
    state: 'opened',
    authorId,
    sourceBranch: `feature/change-${iid}`,
    targetBranch: project.defaultBranch ?? 'main',
    createdAt: partial.createdAt ?? stamp,
    updatedAt: partial.updatedAt ?? stamp,
    additions: 0,
    deletions: 0,
    fileCount: 0,
    notes: [],
    approvals: [],
    closesIssues: [],
    ...withoutUndefined(partial),
  });
  project.mergeRequests.push(mr);
  assignMissingIds(data);
  return mr;
}
