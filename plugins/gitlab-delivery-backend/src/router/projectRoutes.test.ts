import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { ProjectService } from '../services/projects/types';
import { permissionChecks } from './permissionChecks';
import { projectRoutes } from './projectRoutes';

function app() {
  const projects = {
    listProjects: jest.fn(async () => ({ items: [] })),
    setAutoSync: jest.fn(async () => ({ enabled: false })),
  };
  const router = projectRoutes({
    checks: permissionChecks(
      mockServices.httpAuth(),
      mockServices.permissions(),
    ),
    projects: projects as ProjectService,
  });
  const errors = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  }).error();
  return {
    server: express().use(express.json()).use(router).use(errors),
    projects,
  };
}

describe('projectRoutes', () => {
  it('passes a validated project list query on, the host in lower case', async () => {
    const { server, projects } = app();
    const res = await request(server)
      .get('/instances/GitLab.Example.com:8443/projects')
      .query({
        search: ' web ',
        cursor: 'eyJpZCI6IjQyIn0',
        tracked: 'untracked',
      });
    expect(res.status).toBe(200);
    expect(projects.listProjects).toHaveBeenCalledWith({
      host: 'gitlab.example.com:8443',
      search: 'web',
      cursor: 'eyJpZCI6IjQyIn0',
      tracked: 'untracked',
    });
  });

  it.each([
    [{ limit: '10' }, "Invalid input: Unrecognized key(s) in object: 'limit'"],
    [{ tracked: 'all' }, 'Invalid tracked'],
    [{ cursor: 'not a cursor!' }, 'Invalid cursor'],
    [{ search: 'x'.repeat(101) }, 'Invalid search'],
  ])('answers 400 to the project list query %p', async (query, message) => {
    const { server, projects } = app();
    const res = await request(server)
      .get('/instances/gitlab.example.com/projects')
      .query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(projects.listProjects).not.toHaveBeenCalled();
  });

  it('answers 400 to a host that is no host', async () => {
    const res = await request(app().server).get(
      '/instances/gitlab.example.com%2Fapi/projects',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Invalid host');
  });

  it('records an auto-sync change with the user’s credentials', async () => {
    const { server, projects } = app();
    const res = await request(server)
      .post('/projects/gitlab.example.com/42/auto-sync')
      .send({ enabled: false });
    expect(res.status).toBe(200);
    expect(projects.setAutoSync).toHaveBeenCalledWith({
      host: 'gitlab.example.com',
      projectId: 42,
      enabled: false,
      credentials: expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/mock',
        }),
      }),
    });
  });

  it.each([
    ['/projects/gitlab.example.com/42/auto-sync', {}, 'Invalid enabled'],
    [
      '/projects/gitlab.example.com/42/auto-sync',
      { enabled: 'no' },
      'Invalid enabled',
    ],
    [
      '/projects/gitlab.example.com/42/auto-sync',
      { enabled: true, who: 'me' },
      'Unrecognized key',
    ],
    [
      '/projects/gitlab.example.com/team%2Fservice/auto-sync',
      { enabled: true },
      'Invalid projectId',
    ],
  ])('answers 400 to POST %s with %p', async (path, body, message) => {
    const { server, projects } = app();
    const res = await request(server).post(path).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(projects.setAutoSync).not.toHaveBeenCalled();
  });

  it('refuses an auto-sync change from a service, which is no one to record', async () => {
    const { server, projects } = app();
    const res = await request(server)
      .post('/projects/gitlab.example.com/42/auto-sync')
      .set('Authorization', mockCredentials.service.header())
      .send({ enabled: false });
    expect(res.status).toBe(403);
    expect(projects.setAutoSync).not.toHaveBeenCalled();
  });
});
