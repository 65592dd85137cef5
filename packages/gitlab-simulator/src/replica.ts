import type { DatasetMergeRequest, DatasetProject } from './dataset/types';

interface Snapshot {
  /** The merge request before the change; undefined when it did not exist yet. */
  mr: DatasetMergeRequest | undefined;
  until: number;
}

/**
 * Replica lag: GitLab reads from database replicas, so a read that follows a list can land on a
 * replica that has not replayed a change yet. For `lagMs` after a change, single merge request
 * reads (REST `merge_requests/:iid` and its sub-resources, GraphQL `mergeRequest(iid:)` and
 * `mergeRequests(iids:)`) see the state from before it, while lists see the new state.
 */
export class ReplicaLag {
  private snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly lagMs: number,
    private readonly now: () => number,
  ) {}

  get enabled(): boolean {
    return this.lagMs > 0;
  }

  /** Call before changing (or creating, or deleting) a merge request. */
  beforeChange(
    project: DatasetProject,
    iid: number,
    current: DatasetMergeRequest | undefined,
  ): void {
    if (!this.enabled) return;
    const key = `${project.id}!${iid}`;
    const existing = this.snapshots.get(key);
    // A replica that is behind stays at the oldest state it has not replayed.
    if (existing && existing.until > this.now()) {
      existing.until = this.now() + this.lagMs;
      return;
    }
    this.snapshots.set(key, {
      mr: current ? structuredClone(current) : undefined,
      until: this.now() + this.lagMs,
    });
  }

  /** What a follow-up read of merge request `iid` sees. */
  read(project: DatasetProject, iid: number): DatasetMergeRequest | undefined {
    const snapshot = this.snapshots.get(`${project.id}!${iid}`);
    if (snapshot && snapshot.until > this.now()) {
      return snapshot.mr;
    }
    return project.mergeRequests.find(m => m.iid === iid);
  }
}
