import { MergeRequestWrite, MergeRequestWriter } from '../../database/types';
import {
  IssueTitle,
  MergeRequestReader,
} from '../../gitlab/graphql/MergeRequestReader';
import { GitlabMergeRequest } from '../../gitlab/types';
import { IssueReferences, titleKey } from './issueReferences';
import { SyncTarget } from './ProjectSync';

/** A changed MR written before it had everything: the rest of a long thread, or its issues' titles. @internal */
export interface IncompleteMergeRequest {
  target: SyncTarget;
  mergeRequest: GitlabMergeRequest;
  digest: string;
  readAt: number;
  issues: IssueReferences;
  /** The titles known without asking (stored with the MR); asked for when `needsTitles`. */
  titles: Map<string, IssueTitle>;
  needsTitles: boolean;
  /** The close time read from state events on GitLab before 16.0. */
  closedAt?: string | null;
}

/** Long threads completed in one query at most (GitLab's complexity limit, see queries.test.ts). */
const NOTES_BATCH = 8;

/**
 * What changed MRs still lack after their page is stored: the notes past
 * a long thread's first page, and the titles of the issues a new
 * description names. They are asked for across pages and projects (eight
 * threads per query, every title of a project sync in one), and the MRs are
 * written again. Until then an MR is marked to be read again, so a crash
 * in between loses nothing.
 * @internal
 */
export class MissingDetails {
  private readonly items: IncompleteMergeRequest[] = [];

  constructor(
    private readonly options: {
      host: string;
      reader: MergeRequestReader;
      store: MergeRequestWriter;
      build: (
        item: IncompleteMergeRequest,
        titles: Map<string, IssueTitle> | undefined,
      ) => MergeRequestWrite;
    },
  ) {}

  add(item: IncompleteMergeRequest): void {
    this.items.push(item);
  }

  /** Completes the long threads once a query's worth of them waits. */
  async progress(): Promise<void> {
    const threads = this.items.filter(i => i.mergeRequest.notesAfter !== null);
    if (threads.length >= NOTES_BATCH) await this.complete(threads, false);
  }

  /** Completes and writes everything still missing. */
  async flush(): Promise<void> {
    await this.complete(this.items, true);
  }

  private async complete(
    items: IncompleteMergeRequest[],
    withTitles: boolean,
  ): Promise<void> {
    const { reader, store, host, build } = this.options;
    if (items.length === 0) return;
    await reader.completeNotes(
      items.map(i => ({ path: i.target.path, mergeRequest: i.mergeRequest })),
    );
    let asked: Map<string, IssueTitle> | undefined = new Map();
    const wanted = new Map<string, Set<number>>();
    if (withTitles) {
      for (const item of items.filter(i => i.needsTitles)) {
        for (const ref of [...item.issues.closes, ...item.issues.mentions]) {
          if (item.titles.has(titleKey(ref))) continue;
          const iids = wanted.get(ref.projectPath) ?? new Set<number>();
          iids.add(ref.iid);
          wanted.set(ref.projectPath, iids);
        }
      }
      if (wanted.size > 0) {
        asked = await reader.issueTitles(wanted).catch(() => undefined);
      }
    }
    const done = items.filter(i => withTitles || !i.needsTitles);
    const byProject = new Map<number, MergeRequestWrite[]>();
    for (const item of done) {
      const titles = item.needsTitles
        ? asked && new Map([...item.titles, ...asked])
        : item.titles;
      const write = build({ ...item, needsTitles: false }, titles);
      const writes = byProject.get(item.target.projectId) ?? [];
      writes.push(write);
      byProject.set(item.target.projectId, writes);
    }
    for (const [projectId, writes] of byProject) {
      await store.writePage({
        host,
        projectId,
        writes,
        settled: [],
        cursor: null,
        readAt: new Date(Math.min(...done.map(i => i.readAt))).toISOString(),
      });
    }
    const finished = new Set(done);
    this.items.splice(
      0,
      this.items.length,
      ...this.items.filter(i => !finished.has(i)),
    );
  }
}
