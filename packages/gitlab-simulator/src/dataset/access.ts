import { isExpired } from '../time';
import type {
  Dataset,
  DatasetGroup,
  DatasetMember,
  DatasetProject,
  DatasetUser,
} from './types';

export { findGroup, findProject } from './routes';

/** Access level constants as GitLab numbers them. */
export const ACCESS = {
  none: 0,
  guest: 10,
  reporter: 20,
  developer: 30,
  maintainer: 40,
  owner: 50,
} as const;

/** One effective membership, the highest of the direct and inherited ones. */
export interface EffectiveMember {
  userId: number;
  accessLevel: number;
  expiresAt: string | null;
  /** Where the membership comes from: the project itself or a group above it. */
  source: { kind: 'project'; id: number } | { kind: 'group'; id: number };
}

/** Finds a user by id. */
export function findUser(
  data: Dataset,
  id: number | null | undefined,
): DatasetUser | undefined {
  if (id === null || id === undefined) {
    return undefined;
  }
  return data.users.find(u => u.id === id);
}

/** The namespace (parent path) of a project path. */
export function namespaceOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index === -1 ? '' : path.slice(0, index);
}

/** Groups whose path is the project's namespace or one of its ancestors. */
export function ancestorGroups(
  data: Dataset,
  project: DatasetProject,
): DatasetGroup[] {
  return (data.groups ?? []).filter(g => project.path.startsWith(`${g.path}/`));
}

/** All non-expired memberships that apply to the project, one per user (highest level wins). */
export function effectiveMembers(
  data: Dataset,
  project: DatasetProject,
  nowMs: number,
): EffectiveMember[] {
  const byUser = new Map<number, EffectiveMember>();
  const consider = (candidate: EffectiveMember) => {
    const existing = byUser.get(candidate.userId);
    if (!existing || candidate.accessLevel > existing.accessLevel) {
      byUser.set(candidate.userId, candidate);
    }
  };
  for (const group of ancestorGroups(data, project)) {
    for (const member of group.members) {
      if (!isExpired(member.expiresAt, nowMs)) {
        consider({
          userId: member.userId,
          accessLevel: member.accessLevel,
          expiresAt: member.expiresAt ?? null,
          source: { kind: 'group', id: group.id },
        });
      }
    }
  }
  for (const member of project.members) {
    if (!isExpired(member.expiresAt, nowMs)) {
      consider({
        userId: member.userId,
        accessLevel: member.accessLevel,
        expiresAt: member.expiresAt ?? null,
        source: { kind: 'project', id: project.id },
      });
    }
  }
  return [...byUser.values()].sort((a, b) => a.userId - b.userId);
}

/** The user's effective access level on the project (0 when not a member). */
export function accessLevel(
  data: Dataset,
  project: DatasetProject,
  userId: number | undefined,
  nowMs: number,
): number {
  if (userId === undefined) {
    return ACCESS.none;
  }
  const member = effectiveMembers(data, project, nowMs).find(
    m => m.userId === userId,
  );
  return member?.accessLevel ?? ACCESS.none;
}

/** True when the user (or an anonymous caller) may see the project at all. */
export function canSeeProject(
  data: Dataset,
  project: DatasetProject,
  user: DatasetUser | undefined,
  nowMs: number,
): boolean {
  if (project.visibility === 'public') {
    return true;
  }
  if (!user) {
    return false;
  }
  if (project.visibility === 'internal') {
    return true;
  }
  return accessLevel(data, project, user.id, nowMs) >= ACCESS.guest;
}

/**
 * True when the user may read merge requests of the project. Guests of private projects
 * cannot, and a disabled merge request feature blocks everybody.
 */
export function canReadMergeRequests(
  data: Dataset,
  project: DatasetProject,
  user: DatasetUser | undefined,
  nowMs: number,
): boolean {
  if (project.mergeRequestsEnabled === false) {
    return false;
  }
  if (!canSeeProject(data, project, user, nowMs)) {
    return false;
  }
  if (project.visibility === 'private') {
    return accessLevel(data, project, user?.id, nowMs) >= ACCESS.reporter;
  }
  return true;
}

function isBelow(path: string, parent: string): boolean {
  return path.startsWith(`${parent}/`);
}

/**
 * True when the user (or an anonymous caller) may see the group: public
 * groups, internal ones for signed-in users, and private ones for users with
 * a live membership in the group, a group above or below it, or a project
 * below it. Minimal Access counts for the group it is given on only.
 */
export function canSeeGroup(
  data: Dataset,
  group: DatasetGroup,
  user: DatasetUser | undefined,
  nowMs: number,
): boolean {
  if (group.visibility === 'public') {
    return true;
  }
  if (!user) {
    return false;
  }
  if (group.visibility === 'internal') {
    return true;
  }
  const live = (m: DatasetMember) =>
    m.userId === user.id && !isExpired(m.expiresAt, nowMs);
  // Minimal Access shows the group itself, not the subgroups below it.
  const inherited = (m: DatasetMember) =>
    live(m) && m.accessLevel >= ACCESS.guest;
  const seen = (data.groups ?? []).some(
    g =>
      ((g.path === group.path || isBelow(g.path, group.path)) &&
        g.members.some(live)) ||
      (isBelow(group.path, g.path) && g.members.some(inherited)),
  );
  if (seen) {
    return true;
  }
  return data.projects.some(
    p => isBelow(p.path, group.path) && p.members.some(live),
  );
}

/**
 * The direct members of a group or project as GitLab's members API lists
 * them: expired memberships stay listed, with their past `expires_at`, until
 * GitLab's daily cleanup job removes them.
 */
export function directMembers(
  source: DatasetGroup | DatasetProject,
  kind: 'group' | 'project',
): EffectiveMember[] {
  return source.members.map(m => ({
    userId: m.userId,
    accessLevel: m.accessLevel,
    expiresAt: m.expiresAt ?? null,
    source: { kind, id: source.id },
  }));
}

/** The live memberships of a group and the groups above it, one per user (highest level wins). */
export function effectiveGroupMembers(
  data: Dataset,
  group: DatasetGroup,
  nowMs: number,
): EffectiveMember[] {
  const byUser = new Map<number, EffectiveMember>();
  const chain = (data.groups ?? []).filter(
    g => g.path === group.path || isBelow(group.path, g.path),
  );
  for (const source of chain) {
    for (const member of source.members) {
      if (isExpired(member.expiresAt, nowMs)) {
        continue;
      }
      const existing = byUser.get(member.userId);
      if (!existing || member.accessLevel > existing.accessLevel) {
        byUser.set(member.userId, {
          userId: member.userId,
          accessLevel: member.accessLevel,
          expiresAt: member.expiresAt ?? null,
          source: { kind: 'group', id: source.id },
        });
      }
    }
  }
  return [...byUser.values()].sort((a, b) => a.userId - b.userId);
}
