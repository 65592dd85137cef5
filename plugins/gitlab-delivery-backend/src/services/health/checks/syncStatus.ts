import { ProjectSyncStatus } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime, Duration } from 'luxon';
import { ProjectRecord } from '../../../database/types';

const REMEDIATIONS: Record<string, string> = {
  unauthorized:
    'Create a new token with the read_api scope and set it as integrations.gitlab[].token.',
  insufficient_scope:
    'Give the token the read_api scope (a personal, group or project access token), then update integrations.gitlab[].token.',
  forbidden:
    'Check that merge requests are enabled for the project and that the token user has at least the Reporter role.',
  not_found:
    'Check the full path in gitlab.com/project-slug (it is case-sensitive and includes every subgroup) and that the token user is a member with at least the Reporter role.',
  rate_limited:
    'Lower gitlabDelivery.instances[].requestsPerMinute or ask the GitLab admin to raise the rate limit for this user.',
  server_error: 'GitLab answered with a server error; the next sync retries.',
  timeout:
    'GitLab did not answer in time: check the network path, or raise gitlabDelivery.requestTimeoutSeconds.',
  network:
    'Check that the backend can reach the host (DNS, firewall, proxy) and that integrations.gitlab[].apiBaseUrl is right.',
  tls: 'Point gitlabDelivery.instances[].caFile at the CA that signed the GitLab certificate.',
  invalid_response:
    'Something other than GitLab answered (a proxy or a login page?): check integrations.gitlab[].apiBaseUrl, which must end in /api/v4.',
  unknown_instance:
    'Add the host under integrations.gitlab with a token, or fix the gitlab.com/instance annotation.',
};

/** The fix for a sync error code, in plain words. @internal */
export function remediationFor(code: string | null): string | null {
  if (!code) return null;
  return REMEDIATIONS[code] ?? 'See the error message; the next sync retries.';
}

/**
 * The sync status of a project. A warning when it has never synced or its
 * last success is older than three schedule periods.
 * @internal
 */
export function syncStatus(
  project: ProjectRecord,
  options: { period: Duration; now: DateTime },
): ProjectSyncStatus {
  let status: ProjectSyncStatus['status'] = 'ok';
  let remediation = remediationFor(project.lastErrorCode);
  if (project.lastErrorCode) {
    status = 'error';
  } else if (!project.lastSuccessAt) {
    status = 'warning';
    remediation = project.autoSync
      ? 'Not synced yet: the first sync runs on the schedule, or start it with "Sync now".'
      : 'Auto-sync is off for this project; start a sync with "Sync now".';
  } else {
    const age = options.now.diff(DateTime.fromISO(project.lastSuccessAt));
    if (age.toMillis() > 3 * options.period.toMillis()) {
      status = 'warning';
      remediation =
        'The last successful sync is older than three schedule periods: check the backend logs and that the sync task runs.';
    }
  }
  return {
    host: project.host,
    path: project.path ?? project.key,
    projectId: project.projectId,
    webUrl: project.webUrl,
    status,
    autoSync: project.autoSync,
    ...(project.autoSyncChangedBy && {
      autoSyncChangedBy: project.autoSyncChangedBy,
    }),
    ...(project.autoSyncChangedAt && {
      autoSyncChangedAt: project.autoSyncChangedAt,
    }),
    lastAttemptAt: project.lastAttemptAt,
    lastSuccessAt: project.lastSuccessAt,
    mergeRequestCount: project.mergeRequestCount,
    lastErrorCode: project.lastErrorCode,
    lastErrorMessage: project.lastErrorMessage,
    remediation,
  };
}
