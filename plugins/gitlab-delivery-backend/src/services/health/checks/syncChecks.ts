import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime, Duration } from 'luxon';
import { ProjectRecord } from '../../../database/types';
import { checksAt } from './checks';
import { annotationOf } from './projectContext';
import { syncStatus } from './syncStatus';

function when(iso: string, now: DateTime): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  return `${
    time.setLocale('en').toRelative({ base: now }) ?? iso
  } (${time.toFormat("yyyy-MM-dd HH:mm 'UTC'")})`;
}

/**
 * `project.sync`: the last sync outcome and its age, from the stored sync
 * status; computed when read, so its age is always current. A warning when
 * the last success is older than three schedule periods.
 * @internal
 */
export function syncCheck(
  project: ProjectRecord,
  options: { period: Duration; now: DateTime },
): HealthCheck {
  const { now } = options;
  const status = syncStatus(project, options);
  const check = checksAt(now.toUTC().toISO()!);
  const remediation = status.remediation ?? undefined;
  if (project.lastErrorCode) {
    return check(
      'project.sync',
      'error',
      `The last sync, ${when(project.lastAttemptAt!, now)}, failed: ${
        project.lastErrorMessage ?? project.lastErrorCode
      }`,
      { remediation },
    );
  }
  if (!project.lastSuccessAt) {
    return check('project.sync', 'warning', 'Not synced yet.', {
      remediation,
    });
  }
  const synced = `${project.mergeRequestCount} merge request${
    project.mergeRequestCount === 1 ? '' : 's'
  } stored`;
  if (status.status === 'warning') {
    return check(
      'project.sync',
      'warning',
      `The last successful sync was ${when(
        project.lastSuccessAt,
        now,
      )}, more than three schedule periods ago; ${synced}.`,
      { remediation },
    );
  }
  return check(
    'project.sync',
    'ok',
    `Last synced ${when(project.lastSuccessAt, now)}; ${synced}.`,
  );
}

/**
 * The project checks a successful sync proves, without asking GitLab: the
 * path resolved, the token read the project and its merge requests. They
 * count from the time of that sync.
 * @internal
 */
export function checksFromSync(project: ProjectRecord): HealthCheck[] {
  if (!project.lastSuccessAt || project.lastErrorCode) return [];
  const check = checksAt(project.lastSuccessAt);
  const path = project.path ?? project.key;
  const renamed =
    !project.key.startsWith('#') &&
    project.path &&
    project.path !== project.key;
  const annotation = annotationOf(project.key);
  return [
    renamed
      ? check(
          'project.resolves',
          'warning',
          `${annotation} says ${project.key}, and GitLab knows the project as ${project.path}: it was renamed or moved, or the case differs.`,
          {
            remediation: `Set ${annotation} to ${project.path}, the exact path.`,
            suggestedPath: project.path!,
          },
        )
      : check(
          'project.resolves',
          'ok',
          `The last sync found ${path}${
            project.projectId ? ` (id ${project.projectId})` : ''
          }.`,
        ),
    check('project.access', 'ok', `The last sync read ${path} with the token.`),
    check(
      'project.merge_requests',
      'ok',
      `The last sync read the merge requests of ${path}.`,
    ),
  ];
}
