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
import {
  GitlabIssue,
  GitlabMergeRequest,
  GitlabProject,
} from '../../gitlab/types';
import { IssueReference, issueReferences, titleKey } from './issueReferences';
import { IncompleteMergeRequest, MissingDetails } from './MissingDetails';
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
  /** Ask GitLab which issues an MR closes: the instance has its own pattern. */
  customClosingPattern?: boolean;
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

function millis(timestamp: string): number {
  return DateTime.fromISO(timestamp, { zone: 'utc' }).toMillis();
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
    const details = this.details();
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
        details,
        signal,
      );
    }
    const recheck =
      (await store.recheckIids(host, [target.projectId])).get(
        target.projectId,
      ) ?? [];
    result.written += await this.readAgain(
      target,
      recheck.filter(iid => !seen.has(iid)),
      readAt,
      details,
      signal,
    );
    await details.flush();
    await store.finishRead(host, target.projectId, iso(readAt));
    return result;
  }

  /** What changed MRs still lack, completed across pages (see {@link MissingDetails}). */
  details(): MissingDetails {
    const { host, reader, store } = this.options;
    return new MissingDetails({
      host,
      reader,
      store,
      build: (item, titles) => this.build(item, titles),
    });
  }

  /** Reads some MRs of the project again by iid, and stores what changed. */
  async readAgain(
    target: SyncTarget,
    iids: number[],
    readAt: number,
    details: MissingDetails,
    signal?: AbortSignal,
  ): Promise<number> {
    if (iids.length === 0) return 0;
    const again = await this.options.reader.byIids(target.path, iids);
    return this.applyPage(target, again, readAt, details, signal);
  }

  /**
   * Stores what changed among MRs GitLab listed for the project (by project
   * or by group), with the cursor they reach; what they still lack goes to
   * `details`. Returns the MRs written.
   */
  async applyPage(
    target: SyncTarget,
    mergeRequests: GitlabMergeRequest[],
    readAt: number,
    details: MissingDetails,
    signal?: AbortSignal,
  ): Promise<number> {
    const { store, host, rest, settings } = this.options;
    if (mergeRequests.length === 0) return 0;
    const stored = await store.listings(
      host,
      target.projectId,
      mergeRequests.map(mr => mr.iid),
    );
    const root = webRoot(mergeRequests[0], target.path);
    const writes: MergeRequestWrite[] = [];
    const incomplete: IncompleteMergeRequest[] = [];
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
      const issues = issueReferences(mr.description, {
        root,
        projectPath: target.path,
      });
      const closing = settings.customClosingPattern
        ? await rest.closingIssues(target.projectId, mr.iid)
        : undefined;
      if (closing) {
        issues.closes = closing.flatMap(issue => issueReference(issue, target));
        const closed = new Set(issues.closes.map(titleKey));
        issues.mentions = issues.mentions.filter(m => !closed.has(titleKey(m)));
      }
      // The stored titles do while the description is the same, unless
      // they were never read (a sync stopped before it asked for them).
      const unchanged =
        before !== undefined &&
        before.digest !== null &&
        before.description === mr.description;
      const titles = new Map([
        ...(unchanged ? storedTitles(before) : []),
        ...closingTitles(closing ?? [], target),
      ]);
      const item: IncompleteMergeRequest = {
        target,
        mergeRequest: mr,
        digest,
        readAt,
        issues,
        titles,
        needsTitles:
          !unchanged &&
          [...issues.closes, ...issues.mentions].some(
            ref => !titles.has(titleKey(ref)),
          ),
        closedAt:
          mr.closedAt === undefined && mr.state === 'closed'
            ? closedAtFromEvents(
                await rest.stateEvents(target.projectId, mr.iid),
              )
            : undefined,
      };
      writes.push(this.build(item, item.needsTitles ? undefined : item.titles));
      if (item.needsTitles || mr.notesAfter !== null) incomplete.push(item);
    }
    const newest = mergeRequests.reduce((a, b) =>
      millis(b.updatedAt) > millis(a.updatedAt) ? b : a,
    ).updatedAt;
    if (signal?.aborted) throw new SyncStopped();
    const written = await store.writePage({
      host,
      projectId: target.projectId,
      writes,
      settled,
      cursor: newest,
      readAt: iso(readAt),
    });
    incomplete.forEach(item => details.add(item));
    await details.progress();
    return written;
  }

  /** Whether an MR read at `readAt` must be read again. */
  private needsRecheck(mr: GitlabMergeRequest, readAt: number): boolean {
    return (
      readAt - millis(mr.updatedAt) < SETTLE_MS ||
      (mr.state === 'merged' && !mr.mergedAt)
    );
  }

  /**
   * The record of a changed MR. Until its notes and its issues' titles are
   * all read, it is marked to be read again.
   */
  private build(
    item: IncompleteMergeRequest,
    titles: Map<string, IssueTitle> | undefined,
  ): MergeRequestWrite {
    const { settings, host } = this.options;
    const { target, mergeRequest: mr } = item;
    const incomplete = mr.notesAfter !== null || item.needsTitles;
    return {
      record: toMergeRequestRecord({
        host,
        projectId: target.projectId,
        projectPath: target.path,
        mergeRequest: mr,
        closedAt: item.closedAt,
        tickets: relatedTickets({
          title: mr.title,
          description: mr.description,
          sourceBranch: mr.sourceBranch,
          issues: item.issues,
          titles,
          root: webRoot(mr, target.path),
        }),
        isExcluded: settings.isExcluded,
      }),
      digest: incomplete ? null : item.digest,
      recheck: this.needsRecheck(mr, item.readAt) || incomplete,
    };
  }
}

/** A closing issue from REST, by its full reference (`group/project#12`). */
function issueReference(
  issue: GitlabIssue,
  target: SyncTarget,
): IssueReference[] {
  const full = issue.reference?.match(/^(.+)#(\d+)$/);
  if (full) return [{ projectPath: full[1], iid: Number(full[2]) }];
  return issue.projectId === target.projectId
    ? [{ projectPath: target.path, iid: issue.iid }]
    : [];
}

function closingTitles(
  issues: GitlabIssue[],
  target: SyncTarget,
): Array<[string, IssueTitle]> {
  return issues.flatMap(issue =>
    issueReference(issue, target).map(
      ref =>
        [titleKey(ref), { title: issue.title, webUrl: issue.webUrl }] as [
          string,
          IssueTitle,
        ],
    ),
  );
}

function storedTitles(before: StoredListing): Map<string, IssueTitle> {
  const titles = new Map<string, IssueTitle>();
  for (const ticket of before.relatedTickets) {
    if (ticket.kind !== 'gitlab_issue' || !ticket.url) continue;
    titles.set(ticket.key, { title: ticket.title ?? '', webUrl: ticket.url });
  }
  return titles;
}
