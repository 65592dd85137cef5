import { startSimulator, type GitlabSimulator } from '../server';
import { call, NOW } from '../testing/client';

describe('REST projects and members', () => {
  let sim: GitlabSimulator;
  let path: string;
  beforeAll(async () => {
    sim = await startSimulator({
      generate: { now: NOW, projects: 4, mrsPerProject: 5 },
    });
    path = sim.data.projects[0].path;
  });
  afterAll(() => sim.close());

  it('finds a project by id and by URL-encoded full path', async () => {
    const byId = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-demo-token',
    });
    const byPath = await call(
      sim,
      `/api/v4/projects/${encodeURIComponent(path)}`,
      { token: 'glpat-demo-token' },
    );
    expect(byId.status).toBe(200);
    expect(byPath.body).toEqual(byId.body);
    expect(path.split('/')).toHaveLength(3);
    expect(byId.body).toMatchObject({
      id: 1,
      path_with_namespace: path,
      merge_requests_enabled: true,
      merge_requests_access_level: 'enabled',
      visibility: 'private',
      namespace: { full_path: path.split('/').slice(0, 2).join('/') },
      web_url: `${sim.url}/${path}`,
      // The bot is Reporter through the top-level group only.
      permissions: {
        project_access: null,
        group_access: { access_level: 20, notification_level: 3 },
      },
    });
  });

  it('finds a wrong-case path (routable.rb) and answers 404 for a missing project and a non-member', async () => {
    const wrongCase = await call(
      sim,
      `/api/v4/projects/${encodeURIComponent(path.toUpperCase())}`,
      {
        token: 'glpat-demo-token',
      },
    );
    expect(wrongCase.status).toBe(200);
    expect(wrongCase.body.path_with_namespace).toBe(path);
    expect(
      (await call(sim, '/api/v4/projects/9999', { token: 'glpat-demo-token' }))
        .status,
    ).toBe(404);
    const outsider = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-outsider',
    });
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual({ message: '404 Project Not Found' });
    const members = await call(sim, '/api/v4/projects/1/members/all', {
      token: 'glpat-outsider',
    });
    expect(members.status).toBe(404);
  });

  it('lets a Guest see the project but not its merge requests', async () => {
    const project = await call(sim, '/api/v4/projects/1', {
      token: 'glpat-guest',
    });
    expect(project.status).toBe(200);
    expect(project.body.permissions.project_access.access_level).toBe(10);
    const mrs = await call(sim, '/api/v4/projects/1/merge_requests', {
      token: 'glpat-guest',
    });
    expect(mrs.status).toBe(403);
    expect(mrs.body).toEqual({ message: '403 Forbidden' });
    expect(
      (
        await call(sim, '/api/v4/projects/1/merge_requests/1/notes', {
          token: 'glpat-guest',
        })
      ).status,
    ).toBe(403);
  });

  it('forbids merge request endpoints when the feature is disabled', async () => {
    const encoded = encodeURIComponent('tools/docs-archive');
    const project = await call(sim, `/api/v4/projects/${encoded}`, {
      token: 'glpat-demo-token',
    });
    expect(project.body).toMatchObject({
      merge_requests_enabled: false,
      merge_requests_access_level: 'disabled',
    });
    const mrs = await call(sim, `/api/v4/projects/${encoded}/merge_requests`, {
      token: 'glpat-demo-token',
    });
    expect(mrs.status).toBe(403);
  });

  it('lists inherited and direct members, leaving out expired ones', async () => {
    const all = await call(sim, '/api/v4/projects/2/members/all?per_page=100', {
      token: 'glpat-demo-token',
    });
    expect(all.status).toBe(200);
    const project = sim.data.projects[1];
    const expired = project.members.find(m => m.expiresAt);
    expect(expired).toBeDefined();
    const ids = all.body.map((m: any) => m.id);
    expect(ids).not.toContain(expired!.userId);
    const bot = sim.data.users.find(u => u.username === 'backstage-bot')!;
    expect(all.body.find((m: any) => m.id === bot.id)).toMatchObject({
      access_level: 20,
      expires_at: null,
      username: 'backstage-bot',
    });
    const one = await call(sim, `/api/v4/projects/2/members/all/${bot.id}`, {
      token: 'glpat-demo-token',
    });
    expect(one.body.access_level).toBe(20);
    const direct = await call(sim, `/api/v4/projects/2/members/${bot.id}`, {
      token: 'glpat-demo-token',
    });
    expect(direct.status).toBe(404);
    const expiredLookup = await call(
      sim,
      `/api/v4/projects/2/members/all/${expired!.userId}`,
      { token: 'glpat-demo-token' },
    );
    expect(expiredLookup.status).toBe(404);
  });

  it('searches the projects visible to the caller', async () => {
    const name = path.split('/').pop()!;
    const found = await call(
      sim,
      `/api/v4/projects?search=${name.toUpperCase()}&simple=true&membership=true`,
      {
        token: 'glpat-demo-token',
      },
    );
    expect(found.body.map((p: any) => p.path_with_namespace)).toContain(path);
    const byNamespace = await call(
      sim,
      `/api/v4/projects?search=${encodeURIComponent(
        path,
      )}&search_namespaces=true`,
      {
        token: 'glpat-demo-token',
      },
    );
    expect(byNamespace.body.map((p: any) => p.path_with_namespace)).toEqual([
      path,
    ]);
    const outsider = await call(sim, `/api/v4/projects?search=${name}`, {
      token: 'glpat-outsider',
    });
    expect(outsider.body).toEqual([]);
  });

  it('lists the caller’s projects with membership=true&simple=true, paged with offset headers', async () => {
    const first = await call(
      sim,
      '/api/v4/projects?membership=true&simple=true&per_page=2',
      { token: 'glpat-demo-token' },
    );
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    expect(Object.keys(first.body[0])).toContain('path_with_namespace');
    expect(first.body[0].permissions).toBeUndefined();
    // The four team projects and the archive, all below the bot's groups.
    expect(first.headers.get('x-total')).toBe('5');
    expect(first.headers.get('x-total-pages')).toBe('3');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call(
      sim,
      '/api/v4/projects?membership=true&simple=true&per_page=2&page=2',
      { token: 'glpat-demo-token' },
    );
    const ids = [...first.body, ...second.body].map((p: any) => p.id);
    expect(new Set(ids).size).toBe(4);
    expect(second.headers.get('x-prev-page')).toBe('1');
    const outsider = await call(sim, '/api/v4/projects?membership=true', {
      token: 'glpat-outsider',
    });
    expect(outsider.body).toEqual([]);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await call(sim, '/api/v4/nothing/here', {
      token: 'glpat-demo-token',
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: '404 Not Found' });
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});
