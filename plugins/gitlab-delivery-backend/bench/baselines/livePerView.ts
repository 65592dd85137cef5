/**
 * A plugin that asks GitLab on every page view and stores nothing. A view of
 * the delivery card reads, for each project, the MRs merged in the last 30
 * days (REST `state=merged&updated_after=<30 days ago>`, pages of 100, kept
 * when `merged_at` is in the window), and for each of them its notes (paged)
 * and approvals, for time to first comment and time to approve. It shows no
 * closing issues and no sizes (those would cost one more request per MR).
 */
import { authorMatcher } from '../../src/lib/authorMatcher';
import { firstHumanComment } from '../../src/services/sync/approvals';
import { Fact, Implementation, RunResult, Target, toSeconds } from '../types';
import { RestClient } from './rest';
import {
  firstApproval,
  RestApprovals,
  RestMergeRequest,
  RestNote,
  toNote,
} from './restPerMr';

const WINDOW_MS = 30 * 86_400_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
}

export class LivePerView implements Implementation {
  private readonly rest: RestClient;
  private readonly isExcluded = authorMatcher(['*[bot]', '*-bot']);
  private shown: Fact[] = [];
  /** The last view's medians, in seconds, so the work is not optimised away. */
  medians: Record<string, number | null> = {};

  constructor(private readonly target: Target) {
    this.rest = new RestClient(target);
  }

  backfill(now: string): Promise<RunResult> {
    return this.view(now);
  }

  cycle(now: string): Promise<RunResult> {
    return this.view(now);
  }

  async facts(): Promise<Fact[]> {
    return this.shown;
  }

  async close(): Promise<void> {}

  private async view(now: string): Promise<RunResult> {
    const start = performance.now();
    const before = this.rest.requests;
    const from = Date.parse(now) - WINDOW_MS;
    let failures = 0;
    const rows: Array<
      Fact & { merge: number; comment: number | null; approve: number | null }
    > = [];
    await Promise.all(
      this.target.projects.map(async project => {
        try {
          const pages = this.rest.pages<RestMergeRequest>(
            `/projects/${project.id}/merge_requests`,
            { state: 'merged', updated_after: new Date(from).toISOString() },
          );
          for await (const page of pages) {
            const merged = page.filter(
              mr => mr.merged_at && Date.parse(mr.merged_at) >= from,
            );
            rows.push(
              ...(await Promise.all(
                merged.map(mr => this.row(project.id, mr)),
              )),
            );
          }
        } catch {
          failures += 1;
        }
      }),
    );
    this.shown = rows.map(({ key, firstCommentAt, firstApprovedAt }) => ({
      key,
      firstCommentAt,
      firstApprovedAt,
      closes: [],
    }));
    this.medians = {
      timeToMerge: median(rows.map(r => r.merge)),
      timeToFirstComment: median(rows.flatMap(r => r.comment ?? [])),
      timeToApprove: median(rows.flatMap(r => r.approve ?? [])),
    };
    return {
      mergeRequests: rows.length,
      seconds: (performance.now() - start) / 1000,
      requests: this.rest.requests - before,
      failures,
    };
  }

  private async row(projectId: number, mr: RestMergeRequest) {
    const path = `/projects/${projectId}/merge_requests/${mr.iid}`;
    const [notes, approvals] = await Promise.all([
      this.rest.all<RestNote>(`${path}/notes`, { sort: 'asc' }),
      this.rest.get<RestApprovals>(`${path}/approvals`).then(a => a.body),
    ]);
    const read = notes.map(toNote);
    const author = mr.author.username;
    const created = toSeconds(mr.created_at)!;
    const firstCommentAt = toSeconds(
      firstHumanComment(read, author, this.isExcluded),
    );
    const firstApprovedAt = toSeconds(
      firstApproval(approvals, read, author, this.isExcluded),
    );
    return {
      key: `${projectId}!${mr.iid}`,
      firstCommentAt,
      firstApprovedAt,
      closes: [],
      merge: toSeconds(mr.merged_at)! - created,
      comment: firstCommentAt === null ? null : firstCommentAt - created,
      approve: firstApprovedAt === null ? null : firstApprovedAt - created,
    };
  }
}
