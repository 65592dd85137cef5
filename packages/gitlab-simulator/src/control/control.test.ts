import type { GitlabSimulator } from '../server';
import { call, graphql } from '../testing/client';
import { rest, startScenario } from '../testing/scenario';

const act = (sim: GitlabSimulator, body: unknown) =>
  call(sim, '/-/simulator/actions', { method: 'POST', body });

describe('control API', () => {
  let sim: GitlabSimulator;
  beforeEach(async () => {
    sim = await startScenario({ control: true, approvalNoteDelayMs: 0 });
  });
  afterEach(() => sim.close());

  it('drives a scenario: create, comment, approve, merge, delete, move, createProject', async () => {
    const created = await act(sim, {
      action: 'create',
      project: 'platform/app',
      author: 'alice',
      title: 'feat: controlled',
      sourceBranch: 'feature/controlled',
      targetBranch: 'main',
      additions: 10,
      deletions: 2,
      fileCount: 3,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      iid: 1,
      state: 'opened',
      changes_count: '3',
    });
    const iid = created.body.iid;
    for (const step of [
      {
        action: 'comment',
        project: 1,
        iid,
        user: 'bob',
        body: 'Nice',
        internal: true,
      },
      { action: 'approve', project: 1, iid, user: 'bob' },
      {
        action: 'update',
        project: 1,
        iid,
        labels: ['feature'],
        description: 'Why',
      },
      {
        action: 'merge',
        project: 1,
        iid,
        user: 'carol',
        mergedAtDelaySeconds: 0,
      },
    ]) {
      const res = await act(sim, step);
      expect([step.action, res.status]).toEqual([step.action, 200]);
    }
    const mr = (await rest(sim, `/projects/1/merge_requests/${iid}`)).body;
    expect(mr).toMatchObject({
      state: 'merged',
      labels: ['feature'],
      user_notes_count: 1,
    });
    const notes = (
      await rest(sim, `/projects/1/merge_requests/${iid}/notes?sort=asc`)
    ).body;
    expect(notes.map((n: any) => [n.body, n.internal])).toEqual([
      ['Nice', true],
      ['approved this merge request', false],
    ]);

    const moved = await act(sim, {
      action: 'move',
      project: 'platform/app',
      to: 'platform/web',
    });
    expect(moved.body).toMatchObject({
      id: 1,
      path_with_namespace: 'platform/web',
    });
    const project = await act(sim, {
      action: 'createProject',
      path: 'platform/app',
      members: [{ username: 'bob', accessLevel: 30 }],
    });
    expect(project.body).toMatchObject({
      id: 2,
      path_with_namespace: 'platform/app',
    });
    const deleted = await act(sim, {
      action: 'delete',
      project: 'platform/web',
      iid,
    });
    expect(deleted.body).toMatchObject({ iid });
    expect((await rest(sim, `/projects/1/merge_requests/${iid}`)).status).toBe(
      404,
    );
  });

  it('answers bad input with a 400 and a clear message', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'explode' }, /'action' must be one of create, update/],
      [
        {
          action: 'comment',
          project: 'nope/none',
          iid: 1,
          user: 'bob',
          body: 'x',
        },
        /No project 'nope\/none'/,
      ],
      [
        { action: 'create', project: 1, author: 'mallory', title: 'x' },
        /No user 'mallory'/,
      ],
      [
        { action: 'update', project: 1, iid: 7, title: 'x' },
        /No merge request !7/,
      ],
      [
        { action: 'create', project: 1, author: 'alice' },
        /'title' must be a non-empty string/,
      ],
      [
        { action: 'update', project: 1, iid: 'one' },
        /'iid' must be a non-negative integer/,
      ],
      [[1, 2], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await act(sim, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    const broken = await call(sim, '/-/simulator/actions', {
      method: 'POST',
      body: '{"action":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/JSON/);
  });

  it('serves the request log with GraphQL operation names, paged by seq, without its own requests', async () => {
    await rest(sim, '/projects/1');
    await graphql(
      sim,
      'query Probe { currentUser { username } }',
      {},
      'glpat-reader',
    );
    const first = await call(sim, '/-/simulator/requests');
    expect(first.body.requests).toEqual([
      {
        seq: 1,
        method: 'GET',
        path: '/api/v4/projects/1',
        status: 200,
        operation: null,
      },
      {
        seq: 2,
        method: 'POST',
        path: '/api/graphql',
        status: 200,
        operation: 'Probe',
      },
    ]);
    expect(first.body.next).toBe(2);
    await rest(sim, '/projects/1/merge_requests');
    sim.clearRequests();
    await rest(sim, '/version');
    const next = await call(
      sim,
      `/-/simulator/requests?since=${first.body.next}`,
    );
    expect(next.body.requests.map((r: any) => [r.seq, r.path])).toEqual([
      [4, '/api/v4/version'],
    ]);
    expect(next.body.next).toBe(4);
    expect((await call(sim, '/-/simulator/requests?since=x')).status).toBe(400);
  });
});

describe('control API switched off', () => {
  it('is not served unless asked for', async () => {
    const sim = await startScenario();
    try {
      const res = await act(sim, { action: 'delete', project: 1, iid: 1 });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '404 Not Found' });
    } finally {
      await sim.close();
    }
  });
});
