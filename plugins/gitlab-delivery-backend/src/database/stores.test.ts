import { testDatabases } from '../__testUtils__/databases';
import { createStores } from './createStores';
import { MergeRequestRecord } from './types';

const databases = testDatabases();

function mergeRequest(
  iid: number,
  overrides: Partial<MergeRequestRecord> = {},
): MergeRequestRecord {
  return {
    host: 'gitlab.example.com',
    projectId: 7,
    projectPath: 'team/service',
    id: 1000 + iid,
    iid,
    title: `MR ${iid}`,
    description: 'Closes #3',
    state: 'merged',
    draft: false,
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: `2026-10-0${iid}T12:00:00.000Z`,
    mergedAt: `2026-10-0${iid}T11:00:00.000Z`,
    closedAt: null,
    firstApprovedAt: '2026-10-01T11:00:00.000Z',
    firstCommentAt: null,
    author: 'alice',
    mergeUser: 'bob',
    sourceBranch: 'feature/PAY-1',
    targetBranch: 'main',
    labels: ['feature'],
    filesChanged: 3,
    linesAdded: 40,
    linesDeleted: 2,
    relatedTickets: [{ kind: 'jira', key: 'PAY-1' }],
    webUrl: `https://gitlab.example.com/team/service/-/merge_requests/${iid}`,
    ...overrides,
  };
}

const project = { host: 'gitlab.example.com', key: 'team/service' };

describe.each(databases.eachSupportedId())('the stores on %p', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return createStores({
      database: { getClient: async () => knex },
    });
  }

  it('maps entities to projects and keeps their warnings', async () => {
    const store = await createStore();
    await store.projects.replaceEntity(
      'component:default/a',
      [project],
      ['warn a'],
    );
    await store.projects.replaceEntity('component:default/b', [project], []);

    expect(await store.projects.listProjects()).toHaveLength(1);
    const entity = await store.projects.getEntity('component:default/a');
    expect(entity?.warnings).toEqual(['warn a']);
    expect(entity?.projects.map(p => p.key)).toEqual(['team/service']);
    expect(entity?.projects[0].autoSync).toBe(true);

    await store.projects.retainEntities(['component:default/b']);
    expect(
      await store.projects.getEntity('component:default/a'),
    ).toBeUndefined();
    expect(await store.projects.listProjects()).toHaveLength(1);
    await store.projects.retainEntities([]);
    expect(await store.projects.listProjects()).toHaveLength(0);
    expect(await store.projects.getProject(project)).toBeDefined();
  });

  it('upserts merge requests by host, project and iid and moves the cursor', async () => {
    const store = await createStore();
    await store.projects.replaceEntity('component:default/a', [project], []);
    await store.projects.resolveProject(project, {
      projectId: 7,
      path: 'team/service',
      webUrl: 'https://gitlab.example.com/team/service',
    });

    await store.mergeRequests.writeMergeRequests(
      project,
      [mergeRequest(1), mergeRequest(2)],
      '2026-10-02T12:00:00.000Z',
    );
    await store.mergeRequests.writeMergeRequests(
      project,
      [
        mergeRequest(2, {
          title: 'renamed',
          state: 'closed',
          mergedAt: null,
        }),
      ],
      '2026-10-01T00:00:00.000Z',
    );

    const stored = await store.mergeRequests.readAll('gitlab.example.com', 7);
    expect(stored).toEqual([
      mergeRequest(1),
      mergeRequest(2, { title: 'renamed', state: 'closed', mergedAt: null }),
    ]);
    const record = await store.projects.getProject(project);
    expect(record?.cursor).toBe('2026-10-02T12:00:00.000Z');
    expect(record?.mergeRequestCount).toBe(2);
    expect(
      await store.mergeRequests.getUpdatedAt(
        'gitlab.example.com',
        7,
        [1, 2, 3],
      ),
    ).toEqual(
      new Map([
        [1, '2026-10-01T12:00:00.000Z'],
        [2, '2026-10-02T12:00:00.000Z'],
      ]),
    );
  });

  it('records sync outcomes, auto-sync and runs', async () => {
    const store = await createStore();
    await store.projects.replaceEntity('component:default/a', [project], []);
    await store.projects.recordSyncOutcome(project, {
      ok: false,
      at: '2026-10-03T00:00:00.000Z',
      code: 'unauthorized',
      message: 'token rejected',
    });
    await store.projects.setAutoSync(project, false);
    let record = await store.projects.getProject(project);
    expect(record).toMatchObject({
      autoSync: false,
      lastAttemptAt: '2026-10-03T00:00:00.000Z',
      lastSuccessAt: null,
      lastErrorCode: 'unauthorized',
      lastErrorMessage: 'token rejected',
    });

    await store.projects.recordSyncOutcome(project, {
      ok: true,
      at: '2026-10-04T00:00:00.000Z',
    });
    record = await store.projects.getProject(project);
    expect(record).toMatchObject({
      lastSuccessAt: '2026-10-04T00:00:00.000Z',
      lastErrorCode: null,
    });

    const id = await store.projects.startSyncRun(
      'manual',
      '2026-10-04T00:00:00.000Z',
    );
    await store.projects.finishSyncRun(id, {
      finishedAt: '2026-10-04T00:01:00.000Z',
      projects: 1,
      failedProjects: 0,
      mergeRequestsWritten: 2,
      requests: 3,
    });
    expect(await store.projects.lastSyncRun()).toEqual({
      id,
      trigger: 'manual',
      startedAt: '2026-10-04T00:00:00.000Z',
      finishedAt: '2026-10-04T00:01:00.000Z',
      projects: 1,
      failedProjects: 0,
      mergeRequestsWritten: 2,
      requests: 3,
    });
  });

  it('replaces and reads the latest health of instances and projects', async () => {
    const store = await createStore();
    const checkedAt = '2026-11-25T10:00:00.000Z';
    await store.health.saveInstanceHealth({
      host: 'gitlab.example.com',
      version: '17.5.0',
      tokenName: 'backstage',
      tokenScopes: ['read_api'],
      tokenExpiresAt: '2027-01-31T00:00:00.000Z',
      tokenUserId: 5,
      tokenUsername: 'backstage-bot',
      rateLimit: { limit: 2000, remaining: 1990 },
      checkedAt,
      checks: [
        { id: 'token.valid', status: 'ok', message: 'valid', checkedAt },
        {
          id: 'instance.version',
          status: 'warning',
          message: 'old',
          remediation: 'upgrade',
          checkedAt,
        },
      ],
    });
    const later = '2026-11-25T11:00:00.000Z';
    await store.health.saveInstanceHealth({
      host: 'gitlab.example.com',
      version: null,
      tokenName: null,
      tokenScopes: [],
      tokenExpiresAt: null,
      tokenUserId: null,
      tokenUsername: null,
      rateLimit: null,
      checkedAt: later,
      checks: [
        {
          id: 'instance.reachable',
          status: 'error',
          message: 'refused',
          remediation: 'check the port',
          checkedAt: later,
        },
      ],
    });
    expect(await store.health.listInstanceHealth()).toEqual([
      {
        host: 'gitlab.example.com',
        version: null,
        tokenName: null,
        tokenScopes: [],
        tokenExpiresAt: null,
        tokenUserId: null,
        tokenUsername: null,
        rateLimit: null,
        checkedAt: later,
        checks: [
          {
            id: 'instance.reachable',
            status: 'error',
            message: 'refused',
            remediation: 'check the port',
            checkedAt: later,
          },
        ],
      },
    ]);

    const other = { host: 'gitlab.example.com', key: 'team/other' };
    await store.health.saveProjectChecks(project, [
      {
        id: 'project.resolves',
        status: 'error',
        message: 'not found',
        remediation: 'fix the path',
        cause: 'wrong_path',
        suggestedPath: 'Team/Service',
        checkedAt,
      },
    ]);
    await store.health.saveProjectChecks(other, [
      { id: 'project.resolves', status: 'ok', message: 'found', checkedAt },
    ]);
    expect(await store.health.listProjectChecks([project])).toEqual([
      {
        ...project,
        checks: [
          {
            id: 'project.resolves',
            status: 'error',
            message: 'not found',
            remediation: 'fix the path',
            cause: 'wrong_path',
            suggestedPath: 'Team/Service',
            checkedAt,
          },
        ],
      },
    ]);
    await store.health.saveProjectChecks(project, []);
    expect(await store.health.listProjectChecks()).toEqual([
      {
        ...other,
        checks: [
          {
            id: 'project.resolves',
            status: 'ok',
            message: 'found',
            checkedAt,
          },
        ],
      },
    ]);
    expect(await store.health.listProjectChecks([])).toEqual([]);
  });
});
