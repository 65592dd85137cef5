import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import {
  MergeRequestRecord,
  MergeRequestWriter,
  ProjectRecord,
  ProjectStore,
} from '../../database/types';
import { isGitlabError } from '../../gitlab/GitlabError';
import { MergeRequestReader } from '../../gitlab/MergeRequestReader';
import {
  GitlabApproval,
  GitlabMergeRequest,
  GitlabNote,
  GitlabProject,
  GitlabStateEvent,
} from '../../gitlab/types';
import { forEachConcurrent } from '../../lib/forEachConcurrent';
import {
  isApprovalNote,
  needsStateEvents,
  toMergeRequestRecord,
} from './mergeRequestRecord';
import { LinkedIssues, mentionsIssue, relatedTickets } from './tickets';

/** REST calls in flight per project while fetching the details of changed MRs. */
const DETAIL_CONCURRENCY = 4;

/** What one project's sync did. @internal */
export interface ProjectSyncResult {
  /** MRs written (new or changed). */
  written: number;
  /** MRs GitLab listed as updated since the cursor, unchanged ones included. */
  listed: number;
}

/** Thrown when a sync stops between pages because the task was aborted or ran out of time. @internal */
export class SyncStopped extends Error {
  constructor() {
    super('The sync stopped between pages');
    this.name = 'SyncStopped';
  }
}

/** The settings a project sync needs. @internal */
export interface ProjectSyncSettings {
  backfillDays: number;
  /** Whether a username matches `excludeAuthors`. */
  isExcluded: (username: string) => boolean;
}

function millis(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

/** A numeric id from a project key of the form `#<id>`. */
function keyId(key: string): number | undefined {
  const match = /^#(\d+)$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** Treats an MR that vanished between the list and a detail call as having no details. */
async function unlessGone<T>(call: Promise<T>, fallback: T): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isGitlabError(error, 'not_found')) return fallback;
    throw error;
  }
}

/**
 * The incremental sync of one project on one host: list the MRs updated
 * since the cursor, fetch details only for the ones that changed, and store
 * each page together with the cursor it reaches.
 * @internal
 */
export class ProjectSyncer {
  constructor(
    private readonly options: {
      projects: Pick<ProjectStore, 'resolveProject'>;
      mergeRequests: MergeRequestWriter;
      reader: MergeRequestReader;
      settings: ProjectSyncSettings;
      logger: LoggerService;
      now: () => DateTime;
    },
  ) {}

  /**
   * Syncs the project; throws a GitlabError when GitLab fails, after storing
   * every finished page, and {@link SyncStopped} once `signal` is aborted.
   */
  async sync(
    project: ProjectRecord,
    signal?: AbortSignal,
  ): Promise<ProjectSyncResult> {
    const stopIfAborted = () => {
      if (signal?.aborted) throw new SyncStopped();
    };
    const { projects: store, mergeRequests, reader, settings } = this.options;
    let projectId = project.projectId;
    let path = project.path ?? project.key;
    const idFromKey = keyId(project.key);
    if (idFromKey !== undefined && (projectId === null || !project.path)) {
      const found = await reader.getProject(idFromKey);
      await store.resolveProject(project, {
        projectId: found.id,
        path: found.fullPath,
        webUrl: found.webUrl,
      });
      projectId = found.id;
      path = found.fullPath;
    }

    let cursor = project.cursor;
    const since =
      cursor ??
      this.options
        .now()
        .toUTC()
        .minus({ days: settings.backfillDays })
        .toISO()!;

    const result: ProjectSyncResult = { written: 0, listed: 0 };
    let pages = reader.changedSince(path, since);
    let followedMove = false;
    let checked = false;
    for (;;) {
      let step: IteratorResult<{
        project: GitlabProject;
        mergeRequests: GitlabMergeRequest[];
      }>;
      stopIfAborted();
      try {
        step = await pages.next();
      } catch (error) {
        // A moved project is still found by id, or by its old path in REST.
        if (!checked && !followedMove && isGitlabError(error, 'not_found')) {
          followedMove = true;
          const moved = await this.findMoved(projectId ?? path);
          if (moved && moved.fullPath !== path) {
            path = moved.fullPath;
            pages = reader.changedSince(path, since);
            continue;
          }
        }
        throw error;
      }
      if (step.done) break;
      const page = step.value;
      if (!checked) {
        checked = true;
        if (
          projectId !== page.project.id ||
          project.path !== page.project.fullPath ||
          project.webUrl !== page.project.webUrl
        ) {
          await store.resolveProject(project, {
            projectId: page.project.id,
            path: page.project.fullPath,
            webUrl: page.project.webUrl,
          });
        }
        projectId = page.project.id;
        path = page.project.fullPath;
      }
      if (page.mergeRequests.length === 0) continue;
      result.listed += page.mergeRequests.length;

      const stored = await mergeRequests.getUpdatedAt(
        project.host,
        page.project.id,
        page.mergeRequests.map(mr => mr.iid),
      );
      // updatedAfter is inclusive: the MR at the cursor comes back unchanged.
      const changed = page.mergeRequests.filter(mr => {
        const before = stored.get(mr.iid);
        return before === undefined || millis(before) !== millis(mr.updatedAt);
      });
      const newest = page.mergeRequests.reduce((a, b) =>
        millis(b.updatedAt) > millis(a.updatedAt) ? b : a,
      ).updatedAt;
      const advances = cursor === null || millis(newest) > millis(cursor);
      if (changed.length === 0 && !advances) continue;

      const records = await this.details(page.project.id, path, changed);
      stopIfAborted();
      await mergeRequests.writeMergeRequests(
        project,
        records,
        advances ? DateTime.fromISO(newest, { zone: 'utc' }).toISO() : cursor,
      );
      if (advances) cursor = newest;
      result.written += records.length;
    }
    return result;
  }

  private async findMoved(
    idOrPath: number | string,
  ): Promise<GitlabProject | undefined> {
    try {
      return await this.options.reader.getProject(idOrPath);
    } catch (error) {
      if (isGitlabError(error, 'not_found')) return undefined;
      throw error;
    }
  }

  /** Records of the changed MRs: notes in GraphQL batches, then the REST calls each one needs. */
  private async details(
    projectId: number,
    path: string,
    changed: GitlabMergeRequest[],
  ): Promise<MergeRequestRecord[]> {
    const { reader, settings } = this.options;
    if (changed.length === 0) return [];
    const notes = await reader.notes(
      path,
      changed.map(mr => mr.iid),
    );
    const records: Array<MergeRequestRecord | undefined> = [];
    await forEachConcurrent(changed, DETAIL_CONCURRENCY, async (mr, index) => {
      const mrNotes = notes.get(mr.iid);
      // Deleted after it was listed.
      if (!mrNotes) return;
      const [approvals, linkedIssues, stateEvents] = await Promise.all([
        this.approvals(projectId, mr, mrNotes),
        this.issues(projectId, mr),
        needsStateEvents(mr, mrNotes)
          ? unlessGone<GitlabStateEvent[]>(
              reader.stateEvents(projectId, mr.iid),
              [],
            )
          : Promise.resolve([]),
      ]);
      records[index] = toMergeRequestRecord({
        host: reader.host,
        projectId,
        projectPath: path,
        mergeRequest: mr,
        notes: mrNotes,
        approvals,
        stateEvents,
        tickets: relatedTickets({
          title: mr.title,
          description: mr.description,
          sourceBranch: mr.sourceBranch,
          linkedIssues,
        }),
        isExcluded: settings.isExcluded,
      });
    });
    return records.filter((r): r is MergeRequestRecord => r !== undefined);
  }

  /** REST approvals, asked only for MRs whose notes show an approval, on servers that say when. */
  private async approvals(
    projectId: number,
    mr: GitlabMergeRequest,
    notes: GitlabNote[],
  ): Promise<GitlabApproval[]> {
    const { reader } = this.options;
    if (!notes.some(isApprovalNote) || reader.features.approvedAt === false) {
      return [];
    }
    return unlessGone(reader.approvals(projectId, mr.iid), []);
  }

  /** The issues an MR closes; the ones it mentions when it closes none. */
  private async issues(
    projectId: number,
    mr: GitlabMergeRequest,
  ): Promise<LinkedIssues> {
    const { reader } = this.options;
    const closing = await unlessGone(
      reader.closingIssues(projectId, mr.iid),
      [],
    );
    if (closing.length > 0 || !mentionsIssue(mr.description)) {
      return { relation: 'closes', issues: closing };
    }
    return {
      relation: 'mentions',
      issues: await unlessGone(reader.relatedIssues(projectId, mr.iid), []),
    };
  }
}
