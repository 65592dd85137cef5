import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';

/** Starts syncs of GitLab merge request metadata. @internal */
export interface SyncService {
  /**
   * Queues a sync of one entity's projects (the caller must be able to see
   * the entity), or of every project, for the scheduled sync task to take.
   * A full sync also compares every iid with GitLab's, removing MRs deleted
   * there.
   */
  requestSync(request: {
    entity?: CompoundEntityRef;
    full?: boolean;
    credentials: BackstageCredentials;
  }): Promise<void>;
}
