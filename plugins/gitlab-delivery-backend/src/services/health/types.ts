import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityHealthResponse,
  HealthResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** Whether a live check request was queued, or when to ask again. @internal */
export type CheckStart =
  | { started: true }
  | { started: false; retryAfterSeconds: number; message: string };

/** Integration health: stored diagnostics to read, live checks to queue. @internal */
export interface HealthService {
  /**
   * The sync status and checks of one entity's projects, and, with
   * `includeInstances` (the caller may read the health of everything), of
   * their instances; without it, project-level facts only.
   */
  getEntityHealth(request: {
    entity: CompoundEntityRef;
    credentials: BackstageCredentials;
    includeInstances: boolean;
  }): Promise<EntityHealthResponse>;
  /** Every instance and project, problems first. */
  getHealth(): Promise<HealthResponse>;
  /**
   * Queues the live checks of one entity's projects, or of everything, for
   * the scheduled health task, which checks a bounded number of projects per
   * run; at most one request per scope per cooldown.
   */
  startCheck(request: {
    entity?: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<CheckStart>;
  /**
   * Queues the live checks of one instance (its token, version and
   * reachability, no project), as after Connect GitLab changed its token.
   */
  startInstanceCheck(host: string): Promise<CheckStart>;
}
