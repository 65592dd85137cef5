/** Fixes the checks share, in plain words; each names what to change. */

/** A new token with the read_api scope for the instance. @internal */
export function newTokenFix(host: string): string {
  return `Create a new personal, group or project access token with the read_api scope, for a user with the Reporter role or higher on the projects, and set it as integrations.gitlab[].token for ${host}.`;
}

/** The token needs the read_api scope. @internal */
export function readApiScopeFix(host: string): string {
  return `Create a token with the read_api scope (scopes cannot be added to an existing token) and set it as integrations.gitlab[].token for ${host}.`;
}

/** The apiBaseUrl must be GitLab's REST API root. @internal */
export function apiBaseUrlFix(host: string): string {
  return `Set integrations.gitlab[].apiBaseUrl for ${host} to GitLab's REST API root, which ends in /api/v4 (for example https://${host}/api/v4, or https://${host}/gitlab/api/v4 when GitLab runs under a path).`;
}

/** A CA file for certificates the backend does not trust. @internal */
export function caFileFix(host: string, what: string): string {
  return `Save ${what} as a PEM file on the backend and set gitlabDelivery.instances[].caFile for ${host} to its path.`;
}

/** What to give the token's user on a project. @internal */
export function reporterRoleFix(user: string, where: string): string {
  return `Give ${user} the Reporter role or higher on ${where} (in GitLab: Manage > Members).`;
}

/** A configuration key to fix. @internal */
export function configFix(key: string): string {
  return `Fix ${key} in the app configuration and restart the backend.`;
}
