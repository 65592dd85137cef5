import { loadDataset } from '../dataset/load';
import { startSimulator, type GitlabSimulator } from '../server';
import { call } from '../testing/client';

const dataset = loadDataset({
  users: [
    { id: 1, username: 'bot', name: 'Bot' },
    { id: 2, username: 'former', name: 'Former' },
    { id: 3, username: 'minimal', name: 'Minimal' },
    { id: 4, username: 'outsider', name: 'Outsider' },
  ],
  tokens: [
    { token: 'glpat-bot', userId: 1, scopes: ['read_api'] },
    { token: 'glpat-former', userId: 2, scopes: ['read_api'] },
    { token: 'glpat-minimal', userId: 3, scopes: ['read_api'] },
    { token: 'glpat-outsider', userId: 4, scopes: ['read_api'] },
  ],
  groups: [
    {
      id: 100,
      path: 'platform',
      visibility: 'internal',
      members: [
        { userId: 2, accessLevel: 30, expiresAt: '2020-01-01' },
        { userId: 3, accessLevel: 5 },
      ],
    },
    {
      id: 101,
      path: 'platform/payments',
      members: [{ userId: 1, accessLevel: 20 }],
    },
  ],
  projects: [{ id: 1, path: 'platform/payments/api', members: [] }],
});

describe('REST groups and their members', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ dataset });
  });
  afterAll(() => sim.close());

  it('shows groups to whoever may see them, by id or URL-encoded path in any case (routable.rb)', async () => {
    const internal = await call(sim, '/api/v4/groups/platform', {
      token: 'glpat-outsider',
    });
    expect(internal.status).toBe(200);
    expect(internal.body).toMatchObject({
      id: 100,
      full_path: 'platform',
      visibility: 'internal',
      parent_id: null,
    });
    const sub = await call(
      sim,
      `/api/v4/groups/${encodeURIComponent('platform/payments')}`,
      { token: 'glpat-bot' },
    );
    expect(sub.body).toMatchObject({ id: 101, parent_id: 100 });
    expect(
      (await call(sim, '/api/v4/groups/101', { token: 'glpat-bot' })).status,
    ).toBe(200);

    const hidden = await call(sim, '/api/v4/groups/101', {
      token: 'glpat-outsider',
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ message: '404 Group Not Found' });
    // Routable#find_by_full_path matches paths without regard to case.
    const wrongCase = await call(sim, '/api/v4/groups/Platform', {
      token: 'glpat-bot',
    });
    expect(wrongCase.status).toBe(200);
    expect(wrongCase.body.id).toBe(100);
  });

  it('lists expired direct memberships until they are cleaned up, and leaves them out of members/all', async () => {
    const direct = await call(sim, '/api/v4/groups/platform/members/2', {
      token: 'glpat-former',
    });
    expect(direct.status).toBe(200);
    expect(direct.body).toMatchObject({
      username: 'former',
      access_level: 30,
      expires_at: '2020-01-01',
    });
    const effective = await call(sim, '/api/v4/groups/platform/members/all/2', {
      token: 'glpat-former',
    });
    expect(effective.status).toBe(404);
    expect(effective.body).toEqual({ message: '404 Not found' });

    const minimal = await call(sim, '/api/v4/groups/platform/members/3', {
      token: 'glpat-minimal',
    });
    expect(minimal.body.access_level).toBe(5);
    const inherited = await call(
      sim,
      `/api/v4/groups/${encodeURIComponent('platform/payments')}/members/all`,
      { token: 'glpat-bot' },
    );
    expect(
      inherited.body.map((m: any) => [m.username, m.access_level]),
    ).toEqual([
      ['bot', 20],
      ['minimal', 5],
    ]);
  });

  it('shows a private group to members of the groups and projects below it only', async () => {
    // Minimal Access sees the group but not the project below it.
    expect(
      (
        await call(sim, '/api/v4/groups/platform/members/3', {
          token: 'glpat-minimal',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          sim,
          `/api/v4/projects/${encodeURIComponent('platform/payments/api')}`,
          {
            token: 'glpat-minimal',
          },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(sim, '/api/v4/groups/101/members', {
          token: 'glpat-minimal',
        })
      ).status,
    ).toBe(404);
  });
});

describe('groups implied by project paths', () => {
  it('exist, private, and are visible to members of the projects below them, as every namespace of a project exists in GitLab', async () => {
    const sim = await startSimulator({
      dataset: loadDataset({
        users: [
          { id: 1, username: 'dev' },
          { id: 2, username: 'outsider' },
        ],
        tokens: [
          { token: 'glpat-dev', userId: 1, scopes: ['read_api'] },
          { token: 'glpat-outsider', userId: 2, scopes: ['read_api'] },
        ],
        projects: [
          {
            id: 1,
            path: 'platform/tools/app',
            members: [{ userId: 1, accessLevel: 30 }],
          },
        ],
      }),
    });
    try {
      const top = await call(sim, '/api/v4/groups/platform', {
        token: 'glpat-dev',
      });
      expect(top.status).toBe(200);
      expect(top.body).toMatchObject({
        full_path: 'platform',
        visibility: 'private',
        parent_id: null,
      });
      const sub = await call(
        sim,
        `/api/v4/groups/${encodeURIComponent('platform/tools')}`,
        { token: 'glpat-dev' },
      );
      expect(sub.body).toMatchObject({
        full_path: 'platform/tools',
        parent_id: top.body.id,
      });
      const project = await call(sim, '/api/v4/projects/1', {
        token: 'glpat-dev',
      });
      expect(project.body.namespace).toMatchObject({
        id: sub.body.id,
        kind: 'group',
        full_path: 'platform/tools',
        parent_id: top.body.id,
      });
      const hidden = await call(sim, '/api/v4/groups/platform', {
        token: 'glpat-outsider',
      });
      expect(hidden.status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
