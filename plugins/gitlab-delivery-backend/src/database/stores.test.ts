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

  it('upserts merge requests by host, project and iid and moves the cursor forward only', async () => {
    const store = await createStore();
    await store.projects.replaceEntity('component:default/a', [project], []);
    await store.projects.resolveProject(project, {
      projectId: 7,
      path: 'team/service',
      webUrl: 'https://gitlab.example.com/team/service',
    });
    const write = (
      records: MergeRequestRecord[],
      cursor: string,
      recheck = false,
    ) =>
      store.mergeRequests.writePage({
        host: 'gitlab.example.com',
        projectId: 7,
        writes: records.map(record => ({
          record,
          digest: `digest of ${record.title}`,
          recheck,
        })),
        settled: [],
        cursor,
        readAt: '2026-10-05T00:00:00.000Z',
      });

    expect(
      await write(
        [mergeRequest(1), mergeRequest(2)],
        '2026-10-02T12:00:00.000Z',
      ),
    ).toBe(2);
    const renamed = mergeRequest(2, {
      title: 'renamed',
      state: 'closed',
      mergedAt: null,
    });
    expect(await write([renamed], '2026-10-01T00:00:00.000Z', true)).toBe(1);

    const stored = await store.mergeRequests.readAll('gitlab.example.com', 7);
    expect(stored).toEqual([mergeRequest(1), renamed]);
    const [cursor] = (
      await store.mergeRequests.getCursors('gitlab.example.com', [7, 8])
    ).values();
    expect(cursor).toEqual({
      host: 'gitlab.example.com',
      projectId: 7,
      updatedAt: '2026-10-02T12:00:00.000Z',
      readAt: null,
      reconciledAt: null,
      backfill: null,
    });
    expect((await store.projects.getProject(project))?.mergeRequestCount).toBe(
      2,
    );
    expect(
      await store.mergeRequests.listings('gitlab.example.com', 7, [1, 2, 3]),
    ).toEqual(
      new Map([
        [
          1,
          {
            updatedAt: '2026-10-01T12:00:00.000Z',
            digest: 'digest of MR 1',
            recheck: false,
            description: 'Closes #3',
            relatedTickets: [{ kind: 'jira', key: 'PAY-1' }],
          },
        ],
        [
          2,
          {
            updatedAt: '2026-10-02T12:00:00.000Z',
            digest: 'digest of renamed',
            recheck: true,
            description: 'Closes #3',
            relatedTickets: [{ kind: 'jira', key: 'PAY-1' }],
          },
        ],
      ]),
    );
    expect(
      await store.mergeRequests.recheckIids('gitlab.example.com', [7]),
    ).toEqual(new Map([[7, [2]]]));
  });

  it('never replaces a row with an older updated_at (a late or concurrent writer)', async () => {
    const store = await createStore();
    const page = (record: MergeRequestRecord) =>
      store.mergeRequests.writePage({
        host: 'gitlab.example.com',
        projectId: 7,
        writes: [{ record, digest: record.title, recheck: false }],
        settled: [],
        cursor: record.updatedAt,
        readAt: '2026-10-09T00:00:00.000Z',
      });
    const newer = mergeRequest(3, {
      title: 'newer',
      updatedAt: '2026-10-08T12:00:00.000Z',
    });
    const older = mergeRequest(3, {
      title: 'older',
      updatedAt: '2026-10-07T12:00:00.000Z',
    });
    expect(await page(newer)).toBe(1);
    expect(await page(older)).toBe(0);
    const sameSecond = { ...newer, title: 'same second, later change' };
    expect(await page(sameSecond)).toBe(1);
    expect(await store.mergeRequests.readAll('gitlab.example.com', 7)).toEqual([
      sameSecond,
    ]);
  });

  it('settles rechecks, tracks a first sync and removes what GitLab deleted', async () => {
    const store = await createStore();
    await store.projects.replaceEntity('component:default/a', [project], []);
    await store.projects.resolveProject(project, {
      projectId: 7,
      path: 'team/service',
      webUrl: 'https://gitlab.example.com/team/service',
    });
    const host = 'gitlab.example.com';
    await store.mergeRequests.startBackfill(
      host,
      7,
      500,
      '2026-10-05T00:00:00.000Z',
    );
    await store.mergeRequests.writePage({
      host,
      projectId: 7,
      writes: [1, 2, 3].map(iid => ({
        record: mergeRequest(iid),
        digest: `d${iid}`,
        recheck: true,
      })),
      settled: [],
      cursor: '2026-10-03T12:00:00.000Z',
      readAt: '2026-10-05T00:00:00.000Z',
    });
    expect(
      (await store.mergeRequests.getCursors(host, [7])).get(7)?.backfill,
    ).toEqual({ total: 500, startedAt: '2026-10-05T00:00:00.000Z' });
    await store.mergeRequests.writePage({
      host,
      projectId: 7,
      writes: [],
      settled: [1, 3],
      cursor: null,
      readAt: '2026-10-06T00:00:00.000Z',
    });
    expect(await store.mergeRequests.recheckIids(host, [7])).toEqual(
      new Map([[7, [2]]]),
    );
    await store.mergeRequests.finishRead(host, 7, '2026-10-06T00:00:00.000Z');
    await store.mergeRequests.reconcile(
      host,
      7,
      [2],
      '2026-10-07T00:00:00.000Z',
    );
    expect(await store.mergeRequests.getCursors(host, [7])).toEqual(
      new Map([
        [
          7,
          {
            host,
            projectId: 7,
            updatedAt: '2026-10-03T12:00:00.000Z',
            readAt: '2026-10-06T00:00:00.000Z',
            reconciledAt: '2026-10-07T00:00:00.000Z',
            backfill: null,
          },
        ],
      ]),
    );
    expect([...(await store.mergeRequests.storedIids(host, 7)).keys()]).toEqual(
      [1, 3],
    );
    expect((await store.projects.getProject(project))?.mergeRequestCount).toBe(
      2,
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

  it('records who turned a tracked project’s auto-sync off, by GitLab id or #id, and lists the tracked projects with their entities', async () => {
    const store = await createStore();
    const byId = { host: 'gitlab.example.com', key: '#8' };
    await store.projects.replaceEntity('component:default/b', [project], []);
    await store.projects.replaceEntity(
      'component:default/a',
      [project, byId],
      [],
    );
    await store.projects.resolveProject(project, {
      projectId: 7,
      path: 'team/service',
      webUrl: 'https://gitlab.example.com/team/service',
    });

    const change = {
      enabled: false,
      by: 'user:default/admin',
      at: '2026-10-05T08:00:00.000Z',
    };
    expect(
      await store.projects.recordAutoSync('gitlab.example.com', 7, change),
    ).toBe(true);
    expect(
      await store.projects.recordAutoSync('gitlab.example.com', 8, change),
    ).toBe(true);
    // Unknown ids, other hosts and projects no entity names are not found.
    expect(
      await store.projects.recordAutoSync('gitlab.example.com', 9, change),
    ).toBe(false);
    expect(
      await store.projects.recordAutoSync('gitlab.other.example', 7, change),
    ).toBe(false);
    await store.projects.replaceEntity('component:default/a', [project], []);
    expect(
      await store.projects.recordAutoSync('gitlab.example.com', 8, change),
    ).toBe(false);

    expect(await store.projects.getProject(project)).toMatchObject({
      autoSync: false,
      autoSyncChangedBy: 'user:default/admin',
      autoSyncChangedAt: '2026-10-05T08:00:00.000Z',
    });
    expect(
      await store.projects.listTrackedProjects('gitlab.example.com'),
    ).toEqual([
      expect.objectContaining({
        key: 'team/service',
        projectId: 7,
        autoSync: false,
        entityRefs: ['component:default/a', 'component:default/b'],
      }),
    ]);
    expect(
      await store.projects.listTrackedProjects('gitlab.other.example'),
    ).toEqual([]);
  });

  it('counts the MRs created since a time, per project', async () => {
    const store = await createStore();
    await store.mergeRequests.writePage({
      host: 'gitlab.example.com',
      projectId: 7,
      writes: [
        mergeRequest(1, { createdAt: '2026-09-01T00:00:00.000Z' }),
        mergeRequest(2, { createdAt: '2026-10-02T00:00:00.000Z' }),
        mergeRequest(3, { createdAt: '2026-10-03T00:00:00.000Z' }),
      ].map(record => ({ record, digest: null, recheck: false })),
      settled: [],
      cursor: '2026-10-03T12:00:00.000Z',
      readAt: '2026-10-05T00:00:00.000Z',
    });
    const counts = await store.mergeRequests.countCreatedSince(
      'gitlab.example.com',
      [7, 8],
      '2026-10-01T00:00:00.000Z',
    );
    expect([...counts]).toEqual([[7, 2]]);
    expect(
      await store.mergeRequests.countCreatedSince('gitlab.example.com', [], ''),
    ).toEqual(new Map());
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
