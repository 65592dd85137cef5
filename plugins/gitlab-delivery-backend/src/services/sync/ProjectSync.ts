import { DateTime } from 'luxon';
import {
  MergeRequestWrite,
  MergeRequestWriter,
  ProjectCursor,
  StoredListing,
} from '../../database/types';
import {
  IssueTitle,
  MergeRequestReader,
} from '../../gitlab/graphql/MergeRequestReader';
import { ProjectNotFound } from '../../gitlab/GitlabError';
import { RestReader } from '../../gitlab/rest/RestReader';
import { GitlabMergeRequest, GitlabProject } from '../../gitlab/types';
import { issueReferences, IssueReferences } from './issueReferences';
import {
  closedAtFromEvents,
  listDigest,
  toMergeRequestRecord,
} from './mergeRequestRecord';
import { relatedTickets } from './tickets';

/**
 * An MR updated less than this before it was read is read again next time:
 * a note or an approval within a minute of the last touch does not move
 * `updated_at` (app/models/concerns/throttled_touch.rb, TOUCH_INTERVAL =
 * 1.minute), and Rails stamps `updated_at` before the commit, which GitLab's
 * own code allows a minute of leeway for.
 */
const SETTLE_MS = 2 * 60_000;

/** Thrown when a sync stops between pages because the task was aborted or ran out of time. @internal */
export class SyncStopped extends Error {
  constructor() {
    super('The sync stopped between pages');
    this.name = 'SyncStopped';
  }
}

/** What a project sync needs to know. @internal */
export interface ProjectSyncSettings {
  backfillDays: number;
  /** How far before its cursor a project's list starts again. */
  lookBackMs: number;
  /** Whether a username matches `excludeAuthors`. */
  isExcluded: (username: string) => boolean;
}

/** A project to sync, resolved to its id. @internal */
export interface SyncTarget {
  projectId: number;
  path: string;
  webUrl: string;
}

/** What one project's sync did. @internal */
export interface ProjectSyncResult {
  /** MRs written (new or changed). */
  written: number;
  /** MRs GitLab listed, unchanged ones included. */
  listed: number;
  /**
   * The project GitLab answered with: another id than the target's when the
   * path now names another project; null when the path names none (GraphQL
   * does not follow a moved project's old path).
   */
  project: GitlabProject | null;
}

function millis(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

function iso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO()!;
}

/** The web root of the instance, from an MR's URL. */
function webRoot(mr: GitlabMergeRequest, path: string): string {
  const marker = `/${path}/-/merge_requests/`;
  const at = mr.webUrl.indexOf(marker);
  return at > 0 ? mr.webUrl.slice(0, at) : new URL(mr.webUrl).origin;
}

/**
 * The sync of one project on one host: list the MRs changed since the cursor
 * (minus a look-back), tell the changed ones by everything the list returns,
 * read what they lack (long note threads, issue titles, close times on old
 * GitLab), and store each page with the cursor it reaches.
 * @internal
 */
export class ProjectSync {
  constructor(
    private readonly options: {
      host: string;
      reader: MergeRequestReader;
      rest: RestReader;
      store: MergeRequestWriter;
      settings: ProjectSyncSettings;
      now: () => DateTime;
    },
  ) {}

  /**
   * Syncs the project from its cursor; throws a GitlabError when GitLab
   * fails, after storing every finished page, and {@link SyncStopped} once
   * `signal` is aborted. When the path names another project than the
   * target's id, returns that project without reading it.
   */
  async sync(
    target: SyncTarget,
    cursor: ProjectCursor | undefined,
    signal?: AbortSignal,
  ): Promise<ProjectSyncResult> {
    const { reader, store, settings, host } = this.options;
    const readAt = this.options.now().toMillis();
    const since = cursor?.updatedAt
      ? millis(cursor.updatedAt) - settings.lookBackMs
      : readAt - settings.backfillDays * 86_400_000;
    const result: ProjectSyncResult = {
      written: 0,
      listed: 0,
      project: {
        id: target.projectId,
        fullPath: target.path,
        webUrl: target.webUrl,
      },
    };
    const seen = new Set<number>();
    let first = true;
    const pages = reader.projectPages(target.path, iso(since));
    for (;;) {
      if (signal?.aborted) throw new SyncStopped();
      let step;
      try {
        step = await pages.next();
      } catch (error) {
        if (first && error instanceof ProjectNotFound) {
          return { ...result, project: null };
        }
        throw error;
      }
      if (step.done) break;
      const page = step.value;
      if (first) {
        first = false;
        result.project = page.project;
        if (page.project.id !== target.projectId) return result;
        if (!cursor?.readAt && page.total !== undefined) {
          await store.startBackfill(
            host,
            target.projectId,
            page.total,
            iso(readAt),
          );
        }
      }
      result.listed += page.mergeRequests.length;
      page.mergeRequests.forEach(mr => seen.add(mr.iid));
      result.written += await this.applyPage(
        { ...target, path: page.project.fullPath },
        page.mergeRequests,
        readAt,
        signal,
      );
    }
    const recheck =
      (await store.recheckIids(host, [target.projectId])).get(
        target.projectId,
      ) ?? [];
    const unseen = recheck.filter(iid => !seen.has(iid));
    if (unseen.length > 0) {
      const again = await reader.byIids(target.path, unseen);
      result.written += await this.applyPage(target, again, readAt, signal);
    }
    await store.finishRead(host, target.projectId, iso(readAt));
    return result;
  }

  /**
   * Stores what changed among MRs GitLab listed for the project (by project
   * or by group), with the cursor they reach. Returns the MRs written.
   */
  async applyPage(
    target: SyncTarget,
    mergeRequests: GitlabMergeRequest[],
    readAt: number,
    signal?: AbortSignal,
  ): Promise<number> {
    const { reader, store, host } = this.options;
    if (mergeRequests.length === 0) return 0;
    const stored = await store.listings(
      host,
      target.projectId,
      mergeRequests.map(mr => mr.iid),
    );
    const changed: GitlabMergeRequest[] = [];
    const digests = new Map<number, string>();
    const settled: number[] = [];
    for (const mr of mergeRequests) {
      const before = stored.get(mr.iid);
      // A replica behind the primary can answer with an older state.
      if (before && millis(mr.updatedAt) < millis(before.updatedAt)) continue;
      const digest = listDigest(mr);
      if (before && before.digest === digest) {
        if (before.recheck && !this.needsRecheck(mr, readAt)) {
          settled.push(mr.iid);
        }
        continue;
      }
      digests.set(mr.iid, digest);
      changed.push(mr);
    }
    const newest = mergeRequests.reduce((a, b) =>
      millis(b.updatedAt) > millis(a.updatedAt) ? b : a,
    ).updatedAt;
    if (changed.length > 0) {
      await reader.completeNotes(target.path, changed);
    }
    const writes = await this.records(target, changed, digests, readAt, stored);
    if (signal?.aborted) throw new SyncStopped();
    return store.writePage({
      host,
      projectId: target.projectId,
      writes,
      settled,
      cursor: newest,
      readAt: iso(readAt),
    });
  }

  /** Whether an MR read at `readAt` must be read again. */
  private needsRecheck(mr: GitlabMergeRequest, readAt: number): boolean {
    return (
      readAt - millis(mr.updatedAt) < SETTLE_MS ||
      (mr.state === 'merged' && !mr.mergedAt)
    );
  }

  /**
   * The records of the changed MRs. Issue titles are asked for in one query
   * for the page, only for MRs whose description changed: the others keep
   * the titles stored with them.
   */
  private async records(
    target: SyncTarget,
    changed: GitlabMergeRequest[],
    digests: Map<number, string>,
    readAt: number,
    stored: Map<number, StoredListing>,
  ): Promise<MergeRequestWrite[]> {
    if (changed.length === 0) return [];
    const { settings, host, reader, rest } = this.options;
    const root = webRoot(changed[0], target.path);
    const references = new Map<number, IssueReferences>();
    const wanted = new Map<string, Set<number>>();
    let titles: Map<string, IssueTitle> | undefined = new Map();
    for (const mr of changed) {
      const found = issueReferences(mr.description, {
        root,
        projectPath: target.path,
      });
      references.set(mr.iid, found);
      const before = stored.get(mr.iid);
      if (before && before.description === mr.description) {
        for (const ticket of before.relatedTickets) {
          if (ticket.kind !== 'gitlab_issue' || !ticket.url) continue;
          titles.set(ticket.key, {
            title: ticket.title ?? '',
            webUrl: ticket.url,
          });
        }
        continue;
      }
      for (const reference of [...found.closes, ...found.mentions]) {
        const iids = wanted.get(reference.projectPath) ?? new Set<number>();
        iids.add(reference.iid);
        wanted.set(reference.projectPath, iids);
      }
    }
    if (wanted.size > 0) {
      const asked = await reader.issueTitles(wanted).catch(() => undefined);
      titles = asked && new Map([...titles, ...asked]);
    }
    const writes: MergeRequestWrite[] = [];
    for (const mr of changed) {
      const closedAt =
        mr.closedAt === undefined && mr.state === 'closed'
          ? closedAtFromEvents(await rest.stateEvents(target.projectId, mr.iid))
          : undefined;
      const issues = references.get(mr.iid)!;
      writes.push({
        record: toMergeRequestRecord({
          host,
          projectId: target.projectId,
          projectPath: target.path,
          mergeRequest: mr,
          closedAt,
          tickets: relatedTickets({
            title: mr.title,
            description: mr.description,
            sourceBranch: mr.sourceBranch,
            issues,
            titles,
            root,
          }),
          isExcluded: settings.isExcluded,
        }),
        digest: digests.get(mr.iid)!,
        recheck: this.needsRecheck(mr, readAt),
      });
    }
    return writes;
  }
}
