import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityHealthResponse,
  HealthResponse,
} from '@delivery-insights/plugin-gitlab-delivery-common';

/** Whether a live check run started, or when to ask again. @internal */
export type CheckStart =
  | { started: true }
  | { started: false; retryAfterSeconds: number; message: string };

/** Integration health: stored diagnostics to read, live checks to run. @internal */
export interface HealthService {
  /** The sync status and checks of one entity's projects and their instances. */
  getEntityHealth(request: {
    entity: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<EntityHealthResponse>;
  /** Every instance and project, problems first. */
  getHealth(): Promise<HealthResponse>;
  /** Starts the live checks of one entity's projects, or of everything, in the background. */
  startCheck(request: {
    entity?: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<CheckStart>;
}
