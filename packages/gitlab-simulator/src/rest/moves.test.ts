import type { GitlabSimulator } from '../server';
import { graphql } from '../testing/client';
import { openMergeRequest, rest, startScenario } from '../testing/scenario';

const encoded = (path: string) => `/projects/${encodeURIComponent(path)}`;

async function graphqlProject(sim: GitlabSimulator, fullPath: string) {
  const res = await graphql(
    sim,
    `
      query ($p: ID!) {
        project(fullPath: $p) {
          id
          fullPath
        }
      }
    `,
    { p: fullPath },
    'glpat-reader',
  );
  return res.body.data.project;
}

describe('renamed, transferred and reused project paths', () => {
  let sim: GitlabSimulator;
  beforeEach(async () => {
    sim = await startScenario();
    openMergeRequest(sim);
  });
  afterEach(() => sim.close());

  it('keeps the id and answers the old path with the project itself over REST (lib/api/helpers.rb find_project, follow_redirects)', async () => {
    const moved = sim.act({
      action: 'move',
      project: 'platform/app',
      to: 'platform/web-app',
    });
    expect(moved).toMatchObject({
      id: 1,
      path_with_namespace: 'platform/web-app',
    });
    const old = await rest(sim, encoded('platform/app'));
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      id: 1,
      path_with_namespace: 'platform/web-app',
    });
    const mrs = await rest(sim, `${encoded('platform/app')}/merge_requests`);
    expect(mrs.body[0].web_url).toMatch(
      /\/platform\/web-app\/-\/merge_requests\/1$/,
    );
  });

  it('answers null for the old path over GraphQL, which follows no redirects (graphql/loaders/full_path_model_loader.rb)', async () => {
    sim.act({ action: 'move', project: 'platform/app', to: 'tools/app' });
    expect(await graphqlProject(sim, 'platform/app')).toBeNull();
    expect(await graphqlProject(sim, 'tools/app')).toEqual({
      id: 'gid://gitlab/Project/1',
      fullPath: 'tools/app',
    });
  });

  it('lets a new project take the freed path, which then names the new project (route.rb delete_conflicting_redirects)', async () => {
    sim.act({
      action: 'move',
      project: 'platform/app',
      to: 'platform/web-app',
    });
    const created = sim.act({
      action: 'createProject',
      path: 'platform/app',
      members: [{ username: 'reader', accessLevel: 20 }],
    });
    expect(created).toMatchObject({
      id: 2,
      path_with_namespace: 'platform/app',
    });
    expect((await rest(sim, encoded('platform/app'))).body.id).toBe(2);
    expect((await graphqlProject(sim, 'platform/app')).id).toBe(
      'gid://gitlab/Project/2',
    );
    expect((await rest(sim, encoded('platform/web-app'))).body.id).toBe(1);
    expect(sim.data.projects[0].redirectPaths).toEqual([]);
  });

  it('matches current and old paths in any case (routable.rb)', async () => {
    expect((await rest(sim, encoded('Platform/APP'))).body.id).toBe(1);
    expect((await graphqlProject(sim, 'PLATFORM/App')).fullPath).toBe(
      'platform/app',
    );
    sim.act({ action: 'move', project: 1, to: 'platform/web-app' });
    expect((await rest(sim, encoded('PLATFORM/app'))).body.id).toBe(1);
  });

  it('refuses a path that is taken or malformed', () => {
    sim.act({ action: 'createProject', path: 'platform/other' });
    expect(() =>
      sim.act({ action: 'move', project: 1, to: 'Platform/Other' }),
    ).toThrow(/taken/);
    expect(() =>
      sim.act({ action: 'move', project: 1, to: 'no-namespace' }),
    ).toThrow(/not a project path/);
    expect(() =>
      sim.act({ action: 'createProject', path: 'platform' }),
    ).toThrow(/not a project path/);
  });
});
