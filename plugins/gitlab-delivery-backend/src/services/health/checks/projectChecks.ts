import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ProjectKey } from '../../../database/types';
import { CheckMaker } from './checks';
import {
  Answer,
  ask,
  failed,
  field,
  isBlockedUser,
  isInsufficientScope,
} from './gitlabAnswers';
import { diagnoseNotFound } from './notFoundCause';
import { annotationOf, ProjectCheckContext, userLabel } from './projectContext';
import { readApiScopeFix, reporterRoleFix } from './remediations';
import { remediationFor } from './syncStatus';
import { REPORTER, roleName } from '../../../lib/roles';

/** Days before a membership ends from which `project.access` warns. */
const MEMBERSHIP_WARNING_DAYS = 14;

/** The fields of GitLab's project entity the checks read. */
interface GitlabProjectAnswer {
  id: number;
  path: string;
  webUrl: string;
  visibility: string;
  mergeRequestsEnabled: boolean;
  mergeRequestsAccess: string;
  /** The higher of `permissions.project_access` and `group_access`. */
  level: number;
}

function projectOf(answer: Answer): GitlabProjectAnswer {
  const permissions = (field(answer, 'permissions') ?? {}) as {
    project_access?: { access_level?: number } | null;
    group_access?: { access_level?: number } | null;
  };
  return {
    id: Number(field(answer, 'id')),
    path: String(field(answer, 'path_with_namespace') ?? ''),
    webUrl: String(field(answer, 'web_url') ?? ''),
    visibility: String(field(answer, 'visibility') ?? 'private'),
    mergeRequestsEnabled: field(answer, 'merge_requests_enabled') !== false,
    mergeRequestsAccess: String(
      field(answer, 'merge_requests_access_level') ?? 'enabled',
    ),
    level: Math.max(
      permissions.project_access?.access_level ?? 0,
      permissions.group_access?.access_level ?? 0,
    ),
  };
}

function skippedRest(
  check: CheckMaker,
  reason: string,
): [HealthCheck, HealthCheck] {
  return [
    check('project.access', 'skipped', `Not checked: ${reason}.`),
    check('project.merge_requests', 'skipped', `Not checked: ${reason}.`),
  ];
}

async function accessCheck(
  context: ProjectCheckContext,
  project: GitlabProjectAnswer,
  now: DateTime,
  check: CheckMaker,
): Promise<{ check: HealthCheck; level: number }> {
  const id = 'project.access';
  const who = userLabel(context);
  let level = project.level;
  let expiresAt: DateTime | null = null;
  if (context.user) {
    const member = await ask(
      context.client,
      `projects/${project.id}/members/all/${context.user.id}`,
    );
    if (!failed(member) && member.status === 200) {
      level = Math.max(level, Number(field(member, 'access_level') ?? 0));
      const expires = field(member, 'expires_at');
      if (typeof expires === 'string' && expires) {
        expiresAt = DateTime.fromISO(expires, { zone: 'utc' });
      }
    }
  }
  const membersOnly =
    project.visibility === 'private' ||
    project.mergeRequestsAccess === 'private';
  if (level >= REPORTER) {
    const days = expiresAt
      ? Math.ceil(expiresAt.diff(now, 'days').days)
      : Infinity;
    if (days <= MEMBERSHIP_WARNING_DAYS) {
      return {
        level,
        check: check(
          id,
          'warning',
          `${who} has the ${roleName(level)} role on ${
            project.path
          } until ${expiresAt!.toISODate()}, in ${Math.max(
            0,
            days,
          )} days; then GitLab hides the project from the token.`,
          {
            remediation: `Ask an Owner or Maintainer of ${project.path} to extend the membership of ${who} or remove its expiration date.`,
          },
        ),
      };
    }
    return {
      level,
      check: check(
        id,
        'ok',
        `${who} has the ${roleName(level)} role on ${project.path}${
          expiresAt ? ` until ${expiresAt.toISODate()}` : ''
        }.`,
      ),
    };
  }
  if (level > 0 && membersOnly) {
    return {
      level,
      check: check(
        id,
        'error',
        `${who} has only the ${roleName(level)} role on ${
          project.path
        }; reading its merge requests needs Reporter or higher.`,
        {
          remediation: reporterRoleFix(who, project.path),
          cause: 'role_too_low',
        },
      ),
    };
  }
  if (level === 0 && project.mergeRequestsAccess === 'private') {
    return {
      level,
      check: check(
        id,
        'error',
        `${who} is not a member of ${project.path}, whose merge requests only members may see.`,
        {
          remediation: reporterRoleFix(who, project.path),
          cause: 'not_member',
        },
      ),
    };
  }
  let message = `${who} is not a member of ${project.path}, but the project is ${project.visibility}, so its merge requests are readable.`;
  if (level > 0) {
    message = `${who} has the ${roleName(level)} role on ${
      project.path
    }, which is ${project.visibility}, so its merge requests are readable.`;
  } else if (project.visibility === 'private') {
    message = `${who} sees ${project.path} without a membership (as an administrator, or through a group the project is shared with).`;
  }
  return { level, check: check(id, 'ok', message) };
}

async function mergeRequestsCheck(
  context: ProjectCheckContext,
  project: GitlabProjectAnswer,
  level: number,
  check: CheckMaker,
): Promise<HealthCheck> {
  const id = 'project.merge_requests';
  const who = userLabel(context);
  if (
    !project.mergeRequestsEnabled ||
    project.mergeRequestsAccess === 'disabled'
  ) {
    return check(
      id,
      'error',
      `Merge requests are turned off for ${project.path}, so it has none to read.`,
      {
        remediation: `Turn merge requests on in the project's Settings > General > Visibility, project features, permissions, or remove ${
          project.path
        } from the entity's ${annotationOf(project.path)} annotation.`,
      },
    );
  }
  const list = await ask(
    context.client,
    `projects/${project.id}/merge_requests`,
    { per_page: '1', state: 'all', view: 'simple' },
  );
  if (failed(list)) {
    return check(
      id,
      'error',
      `Could not list merge requests: ${list.message}`,
      {
        remediation: remediationFor(list.code) ?? undefined,
      },
    );
  }
  if (list.status === 200) {
    return check(
      id,
      'ok',
      `${who} can list the merge requests of ${project.path}.`,
    );
  }
  if (isInsufficientScope(list)) {
    return check(
      id,
      'error',
      `GitLab refuses to list the merge requests of ${project.path}: the token lacks the read_api scope (403 insufficient_scope).`,
      {
        remediation: readApiScopeFix(context.client.host),
        cause: 'missing_scope',
      },
    );
  }
  if (list.status === 403) {
    return level > 0 && level < REPORTER
      ? check(
          id,
          'error',
          `GitLab refuses to list the merge requests of ${
            project.path
          } (403) to ${who}, a ${roleName(level)}.`,
          {
            remediation: reporterRoleFix(who, project.path),
            cause: 'role_too_low',
          },
        )
      : check(
          id,
          'error',
          `GitLab refuses to list the merge requests of ${project.path} (403).`,
          {
            remediation: `Check in the project's Settings > General > Visibility, project features, permissions that merge requests are enabled and visible to project members, and that ${who} has the Reporter role or higher on ${project.path}.`,
          },
        );
  }
  return check(
    id,
    'error',
    `GitLab answered ${list.status} to the merge request list of ${project.path}.`,
  );
}

/**
 * `project.resolves`, `project.access` and `project.merge_requests` for one
 * annotated project, live: the path (URL-encoded once) or id is looked up, a
 * 404 is diagnosed, the token user's role and the merge request list are
 * checked. Three requests when all is well.
 * @internal
 */
export async function checkProject(
  context: ProjectCheckContext,
  project: ProjectKey,
  now: DateTime,
  check: CheckMaker,
): Promise<HealthCheck[]> {
  const { key } = project;
  const annotation = annotationOf(key);
  const byId = key.startsWith('#');
  const ref = byId ? key.slice(1) : encodeURIComponent(key);
  const label = byId ? `the project with the id ${key.slice(1)}` : key;
  const resolvesId = 'project.resolves';

  const answer = await ask(context.client, `projects/${ref}`);
  if (failed(answer)) {
    return [
      check(
        resolvesId,
        'error',
        `Could not look up ${label}: ${answer.message}`,
        {
          remediation: remediationFor(answer.code) ?? undefined,
        },
      ),
      ...skippedRest(check, `${label} could not be looked up`),
    ];
  }
  if (answer.status === 401 || isBlockedUser(answer)) {
    return [
      check(
        resolvesId,
        'skipped',
        'Not checked: GitLab refuses the token (see token.valid and token.user).',
      ),
      ...skippedRest(check, 'GitLab refuses the token'),
    ];
  }
  if (isInsufficientScope(answer)) {
    const remediation = readApiScopeFix(context.client.host);
    return [
      check(
        resolvesId,
        'error',
        `GitLab refuses to look up ${label}: the token lacks the read_api scope (403 insufficient_scope).`,
        { remediation, cause: 'missing_scope' },
      ),
      check(
        'project.access',
        'error',
        'The token lacks the read_api scope, which reading projects needs.',
        { remediation, cause: 'missing_scope' },
      ),
      check(
        'project.merge_requests',
        'skipped',
        'Not checked: the token lacks the read_api scope.',
      ),
    ];
  }
  if (answer.status === 404) {
    const diagnosis = await diagnoseNotFound(context, key, now);
    const details = {
      remediation: diagnosis.remediation,
      cause: diagnosis.cause,
      suggestedPath: diagnosis.suggestedPath,
    };
    return [
      check(
        resolvesId,
        'error',
        `GitLab at ${context.client.host} answers 404 Not Found for ${label} (asked as projects/${ref}). ${diagnosis.message}`,
        details,
      ),
      diagnosis.cause === 'wrong_path'
        ? check(
            'project.access',
            'skipped',
            `Not checked: the path in ${annotation} is wrong.`,
          )
        : check('project.access', 'error', diagnosis.message, details),
      check(
        'project.merge_requests',
        'skipped',
        `Not checked: GitLab does not show ${label}.`,
      ),
    ];
  }
  if (answer.status !== 200) {
    return [
      check(
        resolvesId,
        'error',
        `GitLab answered ${answer.status} when looking up ${label}.`,
      ),
      ...skippedRest(check, `${label} could not be looked up`),
    ];
  }

  const found = projectOf(answer);
  if (found.path && !context.allows(found.path) && !byId) {
    return [
      check(
        resolvesId,
        'error',
        `GitLab knows ${key} under another path, which is outside gitlabDelivery.instances[].projects.allow: the project was moved or renamed, and the plugin neither syncs nor shows it any more.`,
        {
          remediation:
            'Ask the Backstage admins to allow the project under its new path, or remove it from the annotation.',
        },
      ),
      ...skippedRest(check, 'the project is outside the allow-list'),
    ];
  }
  const resolves =
    !byId && found.path && found.path !== key
      ? check(
          resolvesId,
          'warning',
          `${annotation} says ${key}, and GitLab finds the project at ${found.path} (id ${found.id}): the path is in another case, or the project was renamed or moved.`,
          {
            remediation: `Set ${annotation} to ${found.path}, the exact path; other tools and a later move may not resolve the old one.`,
            suggestedPath: found.path,
          },
        )
      : check(
          resolvesId,
          'ok',
          byId
            ? `${annotation} ${key.slice(1)} is the project ${found.path}.`
            : `${key} is the project with the id ${found.id}.`,
        );
  const access = await accessCheck(context, found, now, check);
  const mergeRequests = await mergeRequestsCheck(
    context,
    found,
    access.level,
    check,
  );
  return [resolves, access.check, mergeRequests];
}
