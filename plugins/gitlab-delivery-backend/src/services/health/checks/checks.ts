import {
  HealthCheck,
  HealthCheckId,
  HealthStatus,
  ProjectAccessCause,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** The optional parts of a check. @internal */
export interface CheckDetails {
  remediation?: string;
  cause?: ProjectAccessCause;
  suggestedPath?: string;
}

/** Builds checks that share one time of checking. @internal */
export type CheckMaker = (
  id: HealthCheckId,
  status: HealthStatus,
  message: string,
  details?: CheckDetails,
) => HealthCheck;

/** A {@link CheckMaker} for checks made at `checkedAt` (ISO 8601). @internal */
export function checksAt(checkedAt: string): CheckMaker {
  return (id, status, message, details = {}) => ({
    id,
    status,
    message,
    ...(details.remediation && { remediation: details.remediation }),
    ...(details.cause && { cause: details.cause }),
    ...(details.suggestedPath && { suggestedPath: details.suggestedPath }),
    checkedAt,
  });
}

const RANK: Record<HealthStatus, number> = {
  error: 0,
  warning: 1,
  ok: 2,
  skipped: 3,
};

/** Sort order: errors, warnings, ok, skipped. @internal */
export function statusRank(status: HealthStatus): number {
  return RANK[status];
}

/** The most severe status; skipped only when every one is skipped, ok when there are none. @internal */
export function worstStatus(statuses: HealthStatus[]): HealthStatus {
  const relevant = statuses.filter(s => s !== 'skipped');
  if (relevant.length === 0) return statuses.length > 0 ? 'skipped' : 'ok';
  return relevant.reduce((worst, s) => (RANK[s] < RANK[worst] ? s : worst));
}

/**
 * Folds a second finding into a check with the same id: the worse status,
 * both messages and both remediations.
 * @internal
 */
export function foldCheck(base: HealthCheck, extra: HealthCheck): HealthCheck {
  const remediation = [extra.remediation, base.remediation]
    .filter(Boolean)
    .join(' ');
  return {
    ...base,
    status: worstStatus([base.status, extra.status]),
    message: `${extra.message} ${base.message}`,
    ...(remediation && { remediation }),
  };
}

/** Checks in the order of {@link statusRank}, then by id. @internal */
export function sortChecks(checks: HealthCheck[]): HealthCheck[] {
  return [...checks].sort(
    (a, b) =>
      statusRank(a.status) - statusRank(b.status) || a.id.localeCompare(b.id),
  );
}
