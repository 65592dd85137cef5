import {
  DatasetNote,
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { Stores } from '../../database/createStores';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { captureLogger } from '../../gitlab/__testUtils__/captureLogger';
import { testDatabases } from '../../__testUtils__/databases';
import {
  createStore,
  simulatorClient,
  syncService,
} from './__testUtils__/syncFixtures';

const databases = testDatabases();
const NOW = '2026-11-20T00:00:00.000Z';

/** `count` comments by bob an hour apart, then carol's approval note. */
function thread(count: number): DatasetNote[] {
  const start = DateTime.fromISO('2026-11-01T00:00:00Z');
  const notes: DatasetNote[] = Array.from({ length: count }, (_, i) => ({
    authorId: i === 0 ? 1 : 2,
    createdAt: start.plus({ hours: i + 1 }).toISO()!,
    body: `note ${i}`,
  }));
  notes.push({
    authorId: 3,
    createdAt: start.plus({ hours: count + 1 }).toISO()!,
    body: 'approved this merge request',
    system: true,
    action: 'approved',
  });
  return notes;
}

function mergeRequest(iid: number, notes: number, description = '') {
  return {
    iid,
    title: `feat: thread of ${notes}`,
    description,
    state: 'opened' as const,
    authorId: 1,
    sourceBranch: `feature/${iid}`,
    targetBranch: 'main',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-15T00:00:00Z',
    additions: 1,
    deletions: 1,
    fileCount: 1,
    notes: thread(notes),
    approvals: [],
    closesIssues: [],
  };
}

const dataset = loadDataset({
  users: [
    { id: 1, username: 'alice', name: 'Alice' },
    { id: 2, username: 'bob', name: 'Bob' },
    { id: 3, username: 'carol', name: 'Carol' },
    { id: 5, username: 'backstage', name: 'Backstage' },
  ],
  tokens: [
    { token: 'glpat-demo-token', name: 'b', userId: 5, scopes: ['read_api'] },
  ],
  groups: [
    { id: 100, path: 'team', members: [{ userId: 5, accessLevel: 20 }] },
  ],
  projects: [
    {
      id: 1,
      path: 'team/one',
      members: [],
      mergeRequests: [
        mergeRequest(1, 150, 'Closes #7'),
        mergeRequest(2, 3),
        {
          ...mergeRequest(3, 250),
          closesIssues: [{ iid: 7, title: 'Slow page' }],
        },
      ],
    },
    {
      id: 2,
      path: 'team/two',
      members: [],
      mergeRequests: [mergeRequest(1, 120)],
    },
  ],
});

describe.each(databases.eachSupportedId())('long threads on %p', databaseId => {
  let sim: GitlabSimulator;
  let client: GitlabClient;
  let store: Stores;
  beforeAll(async () => {
    sim = await startSimulator({ dataset });
    client = simulatorClient(sim, captureLogger().logger);
    store = await createStore(databases, databaseId);
    await store.projects.replaceEntity(
      'component:default/shop',
      ['team/one', 'team/two'].map(key => ({ host: client.host, key })),
      [],
    );
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it('reads the rest of long threads, several to a query, and the titles once a project', async () => {
    const summary = await syncService(store, client, {
      now: () => DateTime.fromISO(NOW),
    }).syncProjects(await store.projects.listProjects(), 'manual');
    expect(summary.failedProjects).toBe(0);
    const operations = sim.requests.map(r => r.operationName ?? r.path);
    expect(operations.filter(o => o === 'DeliveryMoreNotes')).toHaveLength(
      // team/one's threads of 150 and 250, then the 250's third page; team/two's 120.
      3,
    );
    expect(operations.filter(o => o === 'DeliveryIssueTitles')).toHaveLength(1);

    const one = await store.mergeRequests.readAll(client.host, 1);
    const two = await store.mergeRequests.readAll(client.host, 2);
    const approvedAt = (notes: number) =>
      DateTime.fromISO('2026-11-01T00:00:00Z')
        .plus({ hours: notes + 1 })
        .toUTC()
        .toISO();
    expect(one.map(r => [r.iid, r.firstApprovedAt])).toEqual([
      [1, approvedAt(150)],
      [2, approvedAt(3)],
      [3, approvedAt(250)],
    ]);
    expect(two.map(r => r.firstApprovedAt)).toEqual([approvedAt(120)]);
    expect(one[0].relatedTickets).toEqual([
      {
        kind: 'gitlab_issue',
        key: 'team/one#7',
        title: 'Slow page',
        url: `${sim.url}/team/one/-/issues/7`,
        relation: 'closes',
      },
    ]);
    // Completed, nothing is left to read again.
    expect(await store.mergeRequests.recheckIids(client.host, [1, 2])).toEqual(
      new Map(),
    );
  });
});
