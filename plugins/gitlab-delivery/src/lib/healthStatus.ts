import {
  HealthCheckId,
  HealthStatus,
} from '@delivery-insights/plugin-gitlab-delivery-common';

const STATUS_RANK: Record<HealthStatus, number> = {
  error: 0,
  warning: 1,
  ok: 2,
  skipped: 3,
};

/** Sort key that puts errors first, then warnings, then ok, then skipped. @internal */
export function statusRank(status: HealthStatus): number {
  return STATUS_RANK[status];
}

/** The most severe status of a list; ok for an empty list. @internal */
export function worstStatus(statuses: HealthStatus[]): HealthStatus {
  const relevant = statuses.filter(s => s !== 'skipped');
  if (relevant.length === 0) {
    return statuses.length > 0 ? 'skipped' : 'ok';
  }
  return relevant.reduce((worst, s) =>
    statusRank(s) < statusRank(worst) ? s : worst,
  );
}

/** A word for a status, for labels and screen readers. @internal */
export function statusLabel(status: HealthStatus): string {
  switch (status) {
    case 'ok':
      return 'OK';
    case 'warning':
      return 'Warning';
    case 'error':
      return 'Error';
    default:
      return 'Skipped';
  }
}

const CHECK_TITLES: Record<HealthCheckId, string> = {
  'instance.reachable': 'Instance reachable',
  'instance.tls': 'TLS certificate',
  'instance.version': 'GitLab version',
  'instance.api': 'API enabled',
  'instance.allowList': 'Allowed projects',
  'token.valid': 'Token valid',
  'token.expiry': 'Token expiry',
  'token.scopes': 'Token scopes',
  'token.user': 'Token user',
  'token.storage': 'Refresh token storage',
  'project.resolves': 'Project path resolves',
  'project.access': 'Project access',
  'project.merge_requests': 'Merge requests readable',
  'project.sync': 'Last sync',
};

/** A readable title for a health check id; unknown ids are shown as they are. @internal */
export function checkTitle(id: string): string {
  return (CHECK_TITLES as Record<string, string>)[id] ?? id;
}
