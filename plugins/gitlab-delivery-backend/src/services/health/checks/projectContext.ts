import { GitlabClient } from '../../../gitlab/GitlabClient';

/** What the project checks know about the instance and its token. @internal */
export interface ProjectCheckContext {
  client: GitlabClient;
  /** The user the token acts as, when GitLab said. */
  user: { id: number; username: string } | null;
  /** Whether the token may read the API; null when unknown. */
  canReadApi: boolean | null;
  /** Whether a project path is in the instance's allow-list: no other path is ever suggested. */
  allows: (path: string) => boolean;
  /** The paths of the token user's projects, read at most once per health run. */
  memberPaths?: Promise<string[]>;
}

/** The annotation an entity names a project key with. @internal */
export function annotationOf(key: string): string {
  return key.startsWith('#')
    ? 'gitlab.com/project-id'
    : 'gitlab.com/project-slug';
}

/** How messages name the token's user: `@backstage-bot`, or a description. @internal */
export function userLabel(context: ProjectCheckContext): string {
  return context.user ? `@${context.user.username}` : "the token's user";
}
