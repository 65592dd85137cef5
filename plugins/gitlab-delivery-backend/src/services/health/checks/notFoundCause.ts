import { ProjectAccessCause } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ask, failed, field } from './gitlabAnswers';
import { closestMemberPath, memberPaths } from './pathSuggestions';
import { annotationOf, ProjectCheckContext, userLabel } from './projectContext';
import { readApiScopeFix, reporterRoleFix } from './remediations';
import { REPORTER, roleName } from '../../../lib/roles';

/** Why GitLab answered 404 for a project, and what to do. @internal */
export interface NotFoundDiagnosis {
  cause: ProjectAccessCause;
  message: string;
  remediation: string;
  suggestedPath?: string;
}

interface Membership {
  group: string;
  level: number;
  expiresAt: DateTime | null;
}

function segments(path: string): string[] {
  return path.toLowerCase().split('/');
}

/** The candidate sharing the most leading namespace segments with the wanted path. */
function closest(wanted: string, candidates: string[]): string | undefined {
  const exact = candidates.find(c => c.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  const target = segments(wanted);
  const shared = (candidate: string) => {
    const parts = segments(candidate);
    let count = 0;
    while (count < parts.length && parts[count] === target[count]) count += 1;
    return count;
  };
  return [...candidates].sort((a, b) => shared(b) - shared(a))[0];
}

/** Projects the token's user can see with the same name, in any namespace. */
async function sameName(
  context: ProjectCheckContext,
  path: string,
): Promise<string[]> {
  const name = path.split('/').pop()!;
  const answer = await ask(context.client, 'projects', {
    search: name,
    simple: 'true',
    per_page: '100',
  });
  if (failed(answer) || answer.status !== 200 || !Array.isArray(answer.body)) {
    return [];
  }
  return answer.body
    .map(p =>
      String(
        (p as { path_with_namespace?: unknown }).path_with_namespace ?? '',
      ),
    )
    .filter(p => p.split('/').pop()!.toLowerCase() === name.toLowerCase());
}

/**
 * The direct memberships of the token's user in the groups above the path,
 * deepest first. Expired ones are included: GitLab lists them until its
 * daily cleanup job removes them.
 */
async function memberships(
  context: ProjectCheckContext,
  userId: number,
  path: string,
): Promise<{ found: Membership[]; visible: string[] }> {
  const parts = path.split('/').slice(0, -1);
  const found: Membership[] = [];
  const visible: string[] = [];
  for (let depth = parts.length; depth > 0; depth -= 1) {
    const group = parts.slice(0, depth).join('/');
    const answer = await ask(
      context.client,
      `groups/${encodeURIComponent(group)}/members/${userId}`,
    );
    if (failed(answer)) break;
    if (answer.status === 200) {
      visible.push(group);
      const level = Number(field(answer, 'access_level') ?? 0);
      const expires = field(answer, 'expires_at');
      const expiresAt =
        typeof expires === 'string' && expires
          ? DateTime.fromISO(expires, { zone: 'utc' })
          : null;
      found.push({
        group,
        level,
        expiresAt: expiresAt?.isValid ? expiresAt : null,
      });
    } else if (
      answer.status === 404 &&
      !/group/i.test(String(field(answer, 'message') ?? ''))
    ) {
      // The group is visible; the user is not a direct member of it.
      visible.push(group);
    }
  }
  return { found, visible };
}

function verifyList(who: string, path: string, annotation: string): string {
  return `Check as a GitLab administrator or an Owner of the group: (1) that ${annotation} holds the project's full path, with every subgroup, in the exact case (${path}); (2) that ${who} is a member of the project or of a group above it with the Reporter role or higher; (3) that this membership has not expired.`;
}

/**
 * Tells apart why GitLab answers 404 for a project path: a wrong path (with
 * the path of a visible project of the same name inside the allow-list), no
 * membership, a role below Reporter, an expired membership, or a token
 * without read_api. Uses the members endpoints of the groups above the
 * project where the token can see them; otherwise it says what to verify.
 * At most one search plus one request per group level.
 * @internal
 */
export async function diagnoseNotFound(
  context: ProjectCheckContext,
  key: string,
  now: DateTime,
): Promise<NotFoundDiagnosis> {
  const who = userLabel(context);
  const annotation = annotationOf(key);
  const host = context.client.host;
  if (context.canReadApi === false) {
    return {
      cause: 'missing_scope',
      message: `The token lacks the read_api scope (see token.scopes), so GitLab shows it no project.`,
      remediation: readApiScopeFix(host),
    };
  }
  if (key.startsWith('#')) {
    return {
      cause: 'unknown',
      message: `No project with the id ${key.slice(1)} is visible to ${who}.`,
      remediation: `Check the id in gitlab.com/project-id (the project's Settings > General shows it), that ${who} is a member of the project with the Reporter role or higher, and that the membership has not expired.`,
    };
  }

  // A project outside the allow-list is never named, not even as a suggestion.
  const candidates = (await sameName(context, key)).filter(context.allows);
  const suggestion = closest(key, candidates);
  if (suggestion) {
    return {
      cause: 'wrong_path',
      message: `No project is at ${key}; the project with that name that ${who} can see is ${suggestion}.`,
      remediation: `Set ${annotation} to ${suggestion}: the full path, with every group and subgroup, in the exact case.`,
      suggestedPath: suggestion,
    };
  }
  // The group may not be listable by a narrow token; its projects still are.
  const member = closestMemberPath(
    key,
    (await memberPaths(context)).filter(context.allows),
  );
  if (member) {
    return {
      cause: 'wrong_path',
      message: `No project is at ${key}; ${who} is a member of ${member}, which is the closest path.`,
      remediation: `Set ${annotation} to ${member} if that is the project: the full path, with every group and subgroup.`,
      suggestedPath: member,
    };
  }
  if (!context.user) {
    return {
      cause: 'unknown',
      message: `GitLab does not show ${key} to the token, and does not say which user the token acts as.`,
      remediation: verifyList(who, key, annotation),
    };
  }

  const { found, visible } = await memberships(context, context.user.id, key);
  const live = found.filter(m => !m.expiresAt || m.expiresAt > now);
  const reporter = live.find(m => m.level >= REPORTER);
  if (reporter) {
    return {
      cause: 'wrong_path',
      message: `${who} is ${roleName(reporter.level)} of the group ${
        reporter.group
      }, which gives access to every project in it, and still no project is at ${key}: the path is wrong.`,
      remediation: `Look the project up in GitLab and set ${annotation} to its full path, with every subgroup, in the exact case.`,
    };
  }
  const low = [...live].sort((a, b) => b.level - a.level)[0];
  if (low) {
    return {
      cause: 'role_too_low',
      message: `${who} has only the ${roleName(low.level)} role on the group ${
        low.group
      }, which does not let it see ${key}; reading merge requests needs Reporter or higher.`,
      remediation: reporterRoleFix(who, `${key} or the group ${low.group}`),
    };
  }
  const expired = found.find(m => m.expiresAt && m.expiresAt <= now);
  if (expired) {
    return {
      cause: 'membership_expired',
      message: `The membership of ${who} in the group ${
        expired.group
      } (${roleName(
        expired.level,
      )}) expired on ${expired.expiresAt!.toISODate()}, so GitLab hides ${key} from it.`,
      remediation: `Ask an Owner of ${expired.group} to renew the membership of ${who} (extend or remove its expiration date) with the Reporter role or higher.`,
    };
  }
  if (visible.length > 0) {
    const namespace = key.split('/').slice(0, -1).join('/');
    return {
      cause: 'not_member',
      message: `${who} is not a member of ${key} nor of the groups above it that the token can see (${visible.join(
        ', ',
      )}).`,
      remediation: reporterRoleFix(who, `${key} or the group ${namespace}`),
    };
  }
  return {
    cause: 'unknown',
    message: `${who} can see neither ${key} nor the groups above it, so the plugin cannot tell why GitLab answers 404.`,
    remediation: verifyList(who, key, annotation),
  };
}
