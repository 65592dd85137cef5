import {
  AutoSyncState,
  ProjectHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { formatAbsoluteTime } from './formatTime';

/** A project's auto-sync as its health gives it. @internal */
export function autoSyncOfHealth(project: ProjectHealth): AutoSyncState {
  return {
    enabled: project.autoSync,
    changedBy: project.autoSyncChangedBy,
    changedAt: project.autoSyncChangedAt,
  };
}

/**
 * "Scheduled sync off since Jan 31, 2025, 10:00 AM, turned off by
 * user:default/jane"; null while auto-sync is on. @internal
 */
export function autoSyncOffText(state: AutoSyncState): string | null {
  if (state.enabled) return null;
  if (!state.changedAt) return 'Scheduled sync off.';
  return `Scheduled sync off since ${formatAbsoluteTime(state.changedAt)}${
    state.changedBy ? `, turned off by ${state.changedBy}` : ''
  }.`;
}
