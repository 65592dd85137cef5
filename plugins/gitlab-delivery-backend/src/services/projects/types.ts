import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  AutoSyncState,
  DiscoveredProjectsResponse,
  ProjectTrackingFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** Finds the GitLab projects the credentials can see, and pauses or resumes their scheduled sync. @internal */
export interface ProjectService {
  /**
   * A page of the projects the host's token user is a member of, with what
   * the store knows of each. `cursor` is the `nextCursor` of the previous
   * page. Throws NotFoundError for a host that is not configured, and
   * ServiceUnavailableError, naming the fix, when GitLab fails.
   */
  listProjects(request: {
    host: string;
    search?: string;
    cursor?: string;
    tracked?: ProjectTrackingFilter;
  }): Promise<DiscoveredProjectsResponse>;
  /**
   * Turns the scheduled sync of a tracked GitLab project on or off,
   * recording the user and the time. Throws NotFoundError for a project no
   * entity tracks.
   */
  setAutoSync(request: {
    host: string;
    projectId: number;
    enabled: boolean;
    credentials: BackstageCredentials<BackstageUserPrincipal>;
  }): Promise<AutoSyncState>;
}
