import { DateTime } from 'luxon';
import { MergeRequestWriter } from '../../database/types';
import { MergeRequestReader } from '../../gitlab/graphql/MergeRequestReader';
import { GitlabMergeRequest } from '../../gitlab/types';
import { MissingDetails } from './MissingDetails';
import { ProjectSync, SyncStopped, SyncTarget } from './ProjectSync';

/** A tracked project whose newest change the probe found newer than its cursor. */
export interface ChangedProject {
  target: SyncTarget;
  /** Its cursor's `updated_at`. */
  cursor: string;
}

/** A group listing stops when fewer of a full page's MRs than this share are of tracked projects. */
const TRACKED_SHARE = 0.5;
/** How long a group found mostly untracked is listed by project instead. */
const SKIP_MS = 24 * 3_600_000;

function topGroup(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash > 0 ? path.slice(0, slash) : undefined;
}

/**
 * Lists the changed MRs of several projects of one group in one query per
 * 100 MRs (`group.mergeRequests(includeSubgroups: true, updatedAfter:)`)
 * instead of one per project, where the group's projects are mostly
 * tracked: a listing whose first full page is mostly other projects' MRs
 * stops, and the group is listed by project for a day. A cycle where 1% of
 * 20,000 MRs changed then costs a few requests instead of one per project.
 * @internal
 */
export class GroupListing {
  /** Groups whose listings were mostly untracked projects' MRs, and when that was seen. */
  private readonly untracked = new Map<string, number>();

  constructor(
    private readonly options: {
      reader: MergeRequestReader;
      project: ProjectSync;
      store: MergeRequestWriter;
      host: string;
      lookBackMs: number;
      now: () => DateTime;
    },
  ) {}

  /** Lists by group what can be; returns the project ids it synced, with the MRs written for each. */
  async sync(
    changed: ChangedProject[],
    signal?: AbortSignal,
  ): Promise<Map<number, number>> {
    // Groups list by updatedAfter only since GitLab 15.8.
    if (!this.options.reader.features.updatedAfter) return new Map();
    const byGroup = new Map<string, ChangedProject[]>();
    for (const project of changed) {
      const group = topGroup(project.target.path);
      if (!group) continue;
      byGroup.set(group, [...(byGroup.get(group) ?? []), project]);
    }
    const now = this.options.now().toMillis();
    const written = new Map<number, number>();
    for (const [group, projects] of byGroup) {
      const skipped = this.untracked.get(group);
      if (projects.length < 2 || (skipped && now - skipped < SKIP_MS)) continue;
      const done = await this.listGroup(group, projects, signal);
      if (!done) {
        this.untracked.set(group, now);
        continue;
      }
      for (const [id, count] of done) written.set(id, count);
    }
    return written;
  }

  /** The MRs written per project; undefined when the group turned out mostly untracked. */
  private async listGroup(
    group: string,
    projects: ChangedProject[],
    signal?: AbortSignal,
  ): Promise<Map<number, number> | undefined> {
    const { reader, project, store, host } = this.options;
    const readAt = this.options.now().toMillis();
    const since = Math.min(
      ...projects.map(p => DateTime.fromISO(p.cursor).toMillis()),
    );
    const pages = await reader.groupPages(
      group,
      DateTime.fromMillis(since - this.options.lookBackMs, {
        zone: 'utc',
      }).toISO()!,
    );
    if (!pages) return undefined;
    const targets = new Map(projects.map(p => [p.target.projectId, p.target]));
    const details = project.details();
    const written = new Map(projects.map(p => [p.target.projectId, 0]));
    const seen = new Map<number, Set<number>>();
    let first = true;
    for await (const page of pages) {
      if (signal?.aborted) throw new SyncStopped();
      const ours = page.filter(
        mr => mr.projectId !== undefined && targets.has(mr.projectId),
      );
      // The pages read so far are stored; the projects then list on their own.
      if (
        first &&
        page.length >= 100 &&
        ours.length < page.length * TRACKED_SHARE
      ) {
        await this.apply(ours, targets, written, readAt, details, signal);
        await details.flush();
        return undefined;
      }
      first = false;
      for (const mr of ours) {
        const iids = seen.get(mr.projectId!) ?? new Set<number>();
        iids.add(mr.iid);
        seen.set(mr.projectId!, iids);
      }
      await this.apply(ours, targets, written, readAt, details, signal);
    }
    const rechecks = await store.recheckIids(host, [...targets.keys()]);
    for (const [id, target] of targets) {
      const unseen = (rechecks.get(id) ?? []).filter(
        iid => !seen.get(id)?.has(iid),
      );
      if (unseen.length > 0) {
        const again = await reader.byIids(target.path, unseen);
        written.set(
          id,
          written.get(id)! +
            (await project.applyPage(target, again, readAt, details, signal)),
        );
      }
    }
    await details.flush();
    for (const id of targets.keys()) {
      await store.finishRead(
        host,
        id,
        DateTime.fromMillis(readAt, { zone: 'utc' }).toISO()!,
      );
    }
    return written;
  }

  private async apply(
    mergeRequests: GitlabMergeRequest[],
    targets: Map<number, SyncTarget>,
    written: Map<number, number>,
    readAt: number,
    details: MissingDetails,
    signal?: AbortSignal,
  ) {
    const byProject = new Map<number, GitlabMergeRequest[]>();
    for (const mr of mergeRequests) {
      byProject.set(mr.projectId!, [
        ...(byProject.get(mr.projectId!) ?? []),
        mr,
      ]);
    }
    for (const [id, list] of byProject) {
      const count = await this.options.project.applyPage(
        targets.get(id)!,
        list,
        readAt,
        details,
        signal,
      );
      written.set(id, (written.get(id) ?? 0) + count);
    }
  }
}
