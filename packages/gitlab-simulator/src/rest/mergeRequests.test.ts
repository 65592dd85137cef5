import { DIFF_ENDPOINT_PATTERN } from './code';
import type { Dataset } from '../dataset/types';
import { startSimulator, type GitlabSimulator } from '../server';
import { call, NOW } from '../testing/client';

const TOKEN = { token: 'glpat-demo-token' };

function linkRels(link: string | null): Record<string, string> {
  const rels: Record<string, string> = {};
  for (const part of (link ?? '').split(', ')) {
    const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (match) rels[match[2]] = match[1];
  }
  return rels;
}

describe('REST merge requests', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      generate: { now: NOW, projects: 2, mrsPerProject: 45 },
    });
  });
  afterAll(() => sim.close());

  it('paginates like GitLab', async () => {
    const first = await call(
      sim,
      '/api/v4/projects/1/merge_requests?per_page=20&state=all',
      TOKEN,
    );
    expect(first.body).toHaveLength(20);
    expect(first.headers.get('x-page')).toBe('1');
    expect(first.headers.get('x-per-page')).toBe('20');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect(first.headers.get('x-prev-page')).toBe('');
    expect(first.headers.get('x-total')).toBe('45');
    expect(first.headers.get('x-total-pages')).toBe('3');
    const rels = linkRels(first.headers.get('link'));
    expect(Object.keys(rels).sort()).toEqual(['first', 'last', 'next']);
    expect(rels.next).toBe(
      `${sim.url}/api/v4/projects/1/merge_requests?page=2&per_page=20&state=all`,
    );
    expect(rels.last).toContain('page=3');

    const last = await call(
      sim,
      '/api/v4/projects/1/merge_requests?per_page=20&page=3',
      TOKEN,
    );
    expect(last.body).toHaveLength(5);
    expect(last.headers.get('x-next-page')).toBe('');
    expect(last.headers.get('x-prev-page')).toBe('2');
    expect(linkRels(last.headers.get('link')).prev).toContain('page=2');

    const seen = new Set(
      [...first.body, ...last.body].map((mr: any) => mr.iid),
    );
    const middle = await call(sim, rels.next.replace(sim.url, ''), TOKEN);
    middle.body.forEach((mr: any) => seen.add(mr.iid));
    expect(seen.size).toBe(45);
  });

  it('caps per_page at 100 and defaults to 20', async () => {
    const capped = await call(
      sim,
      '/api/v4/projects/1/merge_requests?per_page=500',
      TOKEN,
    );
    expect(capped.headers.get('x-per-page')).toBe('100');
    expect(capped.body).toHaveLength(45);
    const plain = await call(sim, '/api/v4/projects/1/merge_requests', TOKEN);
    expect(plain.headers.get('x-per-page')).toBe('20');
    const invalid = await call(
      sim,
      '/api/v4/projects/1/merge_requests?page=abc',
      TOKEN,
    );
    expect(invalid.status).toBe(400);
  });

  it('filters by updated_after and sorts by updated_at', async () => {
    const all = sim.data.projects[0].mergeRequests
      .map(mr => mr.updatedAt)
      .sort();
    const pivot = all[30];
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests?updated_after=${encodeURIComponent(
        pivot,
      )}&order_by=updated_at&sort=asc&per_page=100`,
      TOKEN,
    );
    const times = res.body.map((mr: any) => Date.parse(mr.updated_at));
    expect(res.body).toHaveLength(all.filter(t => t >= pivot).length);
    expect(times[0]).toBe(Date.parse(pivot)); // inclusive
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const desc = await call(
      sim,
      '/api/v4/projects/1/merge_requests?order_by=created_at&sort=desc&per_page=100',
      TOKEN,
    );
    const created = desc.body.map((mr: any) => Date.parse(mr.created_at));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    const bad = await call(
      sim,
      '/api/v4/projects/1/merge_requests?order_by=size',
      TOKEN,
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'order_by does not have a valid value' });
  });

  it('filters by state and iids[]', async () => {
    const merged = await call(
      sim,
      '/api/v4/projects/1/merge_requests?state=merged&per_page=100',
      TOKEN,
    );
    expect(
      merged.body.every(
        (mr: any) => mr.state === 'merged' && mr.merged_at && mr.merge_user,
      ),
    ).toBe(true);
    const some = await call(
      sim,
      '/api/v4/projects/1/merge_requests?iids[]=3&iids[]=5',
      TOKEN,
    );
    expect(some.body.map((mr: any) => mr.iid).sort()).toEqual([3, 5]);
  });

  it('returns GitLab merge request JSON without diffs', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.state === 'merged',
    )!;
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}`,
      TOKEN,
    );
    const path = sim.data.projects[0].path;
    expect(res.body).toMatchObject({
      id: mr.id,
      iid: mr.iid,
      project_id: 1,
      title: mr.title,
      state: 'merged',
      draft: false,
      work_in_progress: false,
      source_branch: mr.sourceBranch,
      labels: mr.labels,
      user_notes_count: mr.notes.filter(n => !n.system).length,
      web_url: `${sim.url}/${path}/-/merge_requests/${mr.iid}`,
      references: { short: `!${mr.iid}`, full: `${path}!${mr.iid}` },
      changes_count: String(mr.fileCount),
      author: { id: mr.authorId },
    });
    expect(res.body.changes).toBeUndefined();
    expect(res.body.diffs).toBeUndefined();
    const missing = await call(
      sim,
      '/api/v4/projects/1/merge_requests/999',
      TOKEN,
    );
    expect(missing.status).toBe(404);
  });

  it('lists approval system notes and no state notes; state changes are resource state events (system_notes/issuables_service.rb)', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.state === 'merged' && m.approvals.length > 0,
    )!;
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/notes?sort=asc&per_page=100`,
      TOKEN,
    );
    const system = res.body.filter((n: any) => n.system);
    expect(
      system.filter((n: any) => n.body === 'approved this merge request'),
    ).toHaveLength(mr.notes.filter(n => n.action === 'approved').length);
    expect(system.some((n: any) => /^(merged|closed)$/.test(n.body))).toBe(
      false,
    );
    expect(res.body).toHaveLength(mr.notes.length);
    const created = res.body.map((n: any) => Date.parse(n.created_at));
    expect([...created].sort((a, b) => a - b)).toEqual(created);
    expect(res.body[0]).toMatchObject({
      noteable_type: 'MergeRequest',
      noteable_iid: mr.iid,
      project_id: 1,
    });
    const events = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/resource_state_events`,
      TOKEN,
    );
    expect(events.body.at(-1)).toMatchObject({
      state: 'merged',
      resource_type: 'MergeRequest',
      resource_id: mr.id,
    });
  });

  it('returns approvals without approved_at before 18.5 (lib/api/entities/approvals.rb)', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.approvals.length > 0,
    )!;
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/approvals`,
      TOKEN,
    );
    expect(res.body).toMatchObject({
      iid: mr.iid,
      project_id: 1,
      approvals_required: mr.approvalsRequired,
    });
    expect(res.body.approved_by[0]).toEqual({
      user: expect.objectContaining({ id: mr.approvals[0].userId }),
    });
  });

  it('returns closing and related issues', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.closesIssues.length > 0,
    )!;
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/closes_issues`,
      TOKEN,
    );
    const path = sim.data.projects[0].path;
    expect(res.body[0]).toMatchObject({
      iid: mr.closesIssues[0].iid,
      title: mr.closesIssues[0].title,
      project_id: 1,
      web_url: `${sim.url}/${path}/-/issues/${mr.closesIssues[0].iid}`,
      references: { full: `${path}#${mr.closesIssues[0].iid}` },
    });
    const related = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/related_issues`,
      TOKEN,
    );
    expect(Array.isArray(related.body)).toBe(true);
  });

  it('logs diff endpoints so tests can prove nobody reads code', async () => {
    sim.clearRequests();
    await call(sim, '/api/v4/projects/1/merge_requests?per_page=5', TOKEN);
    await call(sim, '/api/v4/projects/1/merge_requests/1/notes', TOKEN);
    expect(sim.requests.some(r => DIFF_ENDPOINT_PATTERN.test(r.path))).toBe(
      false,
    );
    for (const path of [
      'merge_requests/1/diffs',
      'merge_requests/1/changes',
      'merge_requests/1/raw_diffs',
      'repository/files/README.md/raw',
      'repository/tree',
    ]) {
      const res = await call(sim, `/api/v4/projects/1/${path}`, TOKEN);
      expect(res.status).toBe(200);
    }
    expect(
      sim.requests.filter(r => DIFF_ENDPOINT_PATTERN.test(r.path)),
    ).toHaveLength(5);
    expect(
      DIFF_ENDPOINT_PATTERN.test(
        '/api/v4/projects/1/merge_requests/1/approvals',
      ),
    ).toBe(false);
    expect(
      DIFF_ENDPOINT_PATTERN.test(
        '/api/v4/projects/1/merge_requests/1/resource_state_events',
      ),
    ).toBe(false);
  });

  it('reflects updates made through the API object', async () => {
    const newest = Math.max(
      ...sim.data.projects[0].mergeRequests.map(m => Date.parse(m.updatedAt)),
    );
    const open = sim.data.projects[0].mergeRequests.find(
      m => m.state === 'opened',
    )!;
    const updated = sim.updateMergeRequest(1, open.iid, {
      title: 'Renamed',
      state: 'merged',
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(newest);
    expect(updated.mergedAt).toBe(updated.updatedAt);
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests?updated_after=${encodeURIComponent(
        updated.updatedAt,
      )}`,
      TOKEN,
    );
    expect(res.body.map((mr: any) => [mr.iid, mr.title, mr.state])).toEqual([
      [open.iid, 'Renamed', 'merged'],
    ]);
    const added = sim.addMergeRequest(sim.data.projects[0].path, {
      title: 'Brand new',
    });
    expect(added.iid).toBe(46);
    expect(Date.parse(added.createdAt)).toBeGreaterThan(
      Date.parse(updated.updatedAt),
    );
    const fetched = await call(
      sim,
      '/api/v4/projects/1/merge_requests/46',
      TOKEN,
    );
    expect(fetched.body).toMatchObject({
      title: 'Brand new',
      state: 'opened',
      id: added.id,
    });
  });
});

describe('REST merge requests on GitLab 18.5', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      version: '18.5.0',
      generate: { now: NOW, projects: 1, mrsPerProject: 20 },
    });
  });
  afterAll(() => sim.close());

  it('adds approved_at from 18.5 (lib/api/entities/approvals.rb, gitlab-org/gitlab!204605)', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.approvals.length > 0,
    )!;
    const res = await call(
      sim,
      `/api/v4/projects/1/merge_requests/${mr.iid}/approvals`,
      TOKEN,
    );
    expect(res.body.approved_by[0]).toEqual({
      user: expect.objectContaining({ id: mr.approvals[0].userId }),
      approved_at: new Date(mr.approvals[0].approvedAt).toISOString(),
    });
  });
});

describe('REST pagination above 10,000 records', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    const dataset: Dataset = {
      users: [{ id: 1, username: 'alice', name: 'Alice' }],
      tokens: [{ token: 'big', name: 'big', userId: 1, scopes: ['read_api'] }],
      projects: [
        {
          id: 1,
          path: 'big/project',
          members: [{ userId: 1, accessLevel: 30 }],
          mergeRequests: Array.from({ length: 10_001 }, (_, i) => ({
            iid: i + 1,
            title: `MR ${i + 1}`,
            state: 'merged' as const,
            authorId: 1,
            sourceBranch: `b${i}`,
            targetBranch: 'main',
            createdAt: new Date(
              Date.UTC(2024, 0, 1) + i * 60_000,
            ).toISOString(),
            updatedAt: new Date(
              Date.UTC(2024, 0, 1) + i * 60_000,
            ).toISOString(),
            additions: 1,
            deletions: 1,
            fileCount: 1,
            notes: [],
            approvals: [],
            closesIssues: [],
          })),
        },
      ],
    };
    sim = await startSimulator({ dataset });
  });
  afterAll(() => sim.close());

  it('leaves out x-total, x-total-pages and rel="last"', async () => {
    const res = await call(
      sim,
      '/api/v4/projects/1/merge_requests?per_page=100',
      { token: 'big' },
    );
    expect(res.body).toHaveLength(100);
    expect(res.headers.get('x-total')).toBeNull();
    expect(res.headers.get('x-total-pages')).toBeNull();
    expect(res.headers.get('x-next-page')).toBe('2');
    expect(Object.keys(linkRels(res.headers.get('link'))).sort()).toEqual([
      'first',
      'next',
    ]);
    const filtered = await call(
      sim,
      '/api/v4/projects/1/merge_requests?per_page=100&iids[]=1&iids[]=2',
      { token: 'big' },
    );
    expect(filtered.headers.get('x-total')).toBe('2');
  });
});
