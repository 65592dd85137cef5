/**
 * The per-MR REST approach of other Backstage GitLab plugins and DevLake-style
 * collectors: list each project's MRs changed since its last seen
 * `updated_at`, then for every listed MR that changed read its notes (paged),
 * approvals and closing issues, and store the facts (here in a map in memory).
 */
import { authorMatcher } from '../../src/lib/authorMatcher';
import {
  firstHumanComment,
  firstStandingApproval,
} from '../../src/services/sync/approvals';
import { GitlabNote } from '../../src/gitlab/types';
import { Fact, Implementation, RunResult, Target, toSeconds } from '../types';
import { RestClient } from './rest';

export interface RestMergeRequest {
  iid: number;
  updated_at: string;
  created_at: string;
  merged_at: string | null;
  author: { username: string };
}

export interface RestNote {
  body: string;
  system: boolean;
  internal?: boolean;
  created_at: string;
  author: { username: string } | null;
}

export interface RestApprovals {
  approved_by: Array<{ user: { username: string }; approved_at?: string }>;
}

/** REST notes carry no system note action: GitLab's note text tells it. */
const ACTIONS: Record<string, string> = {
  'approved this merge request': 'approved',
  'unapproved this merge request': 'unapproved',
};

export function toNote(note: RestNote): GitlabNote {
  const action = note.system ? ACTIONS[note.body] ?? null : null;
  return {
    system: note.system,
    internal: Boolean(note.internal),
    createdAt: note.created_at,
    author: note.author?.username ?? null,
    authorIsBot: false,
    action,
  };
}

/** The first approval: GitLab's `approved_at` from 18.5, the approval notes before. */
export function firstApproval(
  approvals: RestApprovals,
  notes: GitlabNote[],
  author: string,
  isExcluded: (username: string) => boolean,
): string | null {
  const times = approvals.approved_by
    .filter(a => a.user.username !== author && !isExcluded(a.user.username))
    .map(a => a.approved_at);
  if (times.length > 0 && times.every(Boolean)) {
    return times.reduce((a, b) => (Date.parse(a!) <= Date.parse(b!) ? a : b))!;
  }
  return firstStandingApproval(notes, author, isExcluded);
}

interface Stored extends Fact {
  updatedAt: string;
}

export class RestPerMr implements Implementation {
  private readonly rest: RestClient;
  private readonly isExcluded = authorMatcher(['*[bot]', '*-bot']);
  private readonly store = new Map<string, Stored>();
  private readonly cursors = new Map<number, string>();

  constructor(private readonly target: Target) {
    this.rest = new RestClient(target);
  }

  backfill(now: string): Promise<RunResult> {
    return this.cycle(now);
  }

  async cycle(now: string): Promise<RunResult> {
    const start = performance.now();
    const before = this.rest.requests;
    let written = 0;
    let failures = 0;
    const firstSince = new Date(
      Date.parse(now) - this.target.backfillDays * 86_400_000,
    ).toISOString();
    await Promise.all(
      this.target.projects.map(async project => {
        try {
          const count = await this.syncProject(
            project.id,
            this.cursors.get(project.id) ?? firstSince,
          );
          written += count;
        } catch {
          failures += 1;
        }
      }),
    );
    return {
      mergeRequests: written,
      seconds: (performance.now() - start) / 1000,
      requests: this.rest.requests - before,
      failures,
    };
  }

  async facts(): Promise<Fact[]> {
    return [...this.store.values()].map(({ updatedAt: _, ...fact }) => fact);
  }

  async close(): Promise<void> {}

  private async syncProject(projectId: number, since: string): Promise<number> {
    let written = 0;
    const pages = this.rest.pages<RestMergeRequest>(
      `/projects/${projectId}/merge_requests`,
      { updated_after: since, order_by: 'updated_at', sort: 'asc' },
    );
    for await (const page of pages) {
      // updated_after is inclusive: the MR at the cursor comes back unchanged.
      const changed = page.filter(
        mr =>
          this.store.get(`${projectId}!${mr.iid}`)?.updatedAt !== mr.updated_at,
      );
      const facts = await Promise.all(
        changed.map(mr => this.details(projectId, mr)),
      );
      for (const fact of facts) this.store.set(fact.key, fact);
      written += facts.length;
      const newest = page.at(-1)?.updated_at;
      if (newest) this.cursors.set(projectId, newest);
    }
    return written;
  }

  private async details(
    projectId: number,
    mr: RestMergeRequest,
  ): Promise<Stored> {
    const path = `/projects/${projectId}/merge_requests/${mr.iid}`;
    const [notes, approvals, closes] = await Promise.all([
      this.rest.all<RestNote>(`${path}/notes`, { sort: 'asc' }),
      this.rest.get<RestApprovals>(`${path}/approvals`).then(a => a.body),
      this.rest.all<{ web_url: string }>(`${path}/closes_issues`),
    ]);
    const read = notes.map(toNote);
    const author = mr.author.username;
    return {
      key: `${projectId}!${mr.iid}`,
      updatedAt: mr.updated_at,
      firstCommentAt: toSeconds(
        firstHumanComment(read, author, this.isExcluded),
      ),
      firstApprovedAt: toSeconds(
        firstApproval(approvals, read, author, this.isExcluded),
      ),
      closes: closes.map(issue => issue.web_url).sort(),
    };
  }
}
