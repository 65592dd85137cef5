/** GitLab's access levels, by number (Gitlab::Access). */
const ROLES: Record<number, string> = {
  5: 'Minimal Access',
  10: 'Guest',
  15: 'Planner',
  20: 'Reporter',
  30: 'Developer',
  40: 'Maintainer',
  50: 'Owner',
  60: 'Admin',
};

/** The access level reading merge requests of a private project needs. @internal */
export const REPORTER = 20;

/** The name of a GitLab access level, e.g. 'Reporter' for 20. @internal */
export function roleName(level: number): string {
  return ROLES[level] ?? `access level ${level}`;
}
