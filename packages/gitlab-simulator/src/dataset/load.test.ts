import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from './load';

const minimal = {
  users: [{ id: 1, username: 'alice' }],
  tokens: [{ token: 't1', name: 'ci', userId: 1, scopes: ['read_api'] }],
  projects: [
    {
      id: 10,
      path: 'group/app',
      members: [{ userId: 1, accessLevel: 30 }],
      mergeRequests: [
        {
          iid: 1,
          title: 'Draft: first',
          authorId: 1,
          createdAt: '2024-01-01T00:00:00Z',
          state: 'opened',
          notes: [
            { authorId: 1, body: 'hi', createdAt: '2024-01-02T00:00:00Z' },
          ],
        },
        {
          iid: 2,
          id: 77,
          title: 'second',
          authorId: 1,
          createdAt: '2024-01-03T00:00:00Z',
          state: 'merged',
        },
      ],
    },
  ],
};

describe('loadDataset', () => {
  it('fills defaults and ids', () => {
    const data = loadDataset(minimal);
    expect(data.users[0]).toMatchObject({
      name: 'alice',
      bot: false,
      state: 'active',
    });
    // The project path names a group the dataset does not declare: GitLab has it anyway.
    expect(data.groups).toEqual([
      {
        id: 1000,
        path: 'group',
        name: 'group',
        visibility: 'private',
        members: [],
        implied: true,
      },
    ]);
    const project = data.projects[0];
    expect(project).toMatchObject({
      name: 'app',
      visibility: 'private',
      mergeRequestsEnabled: true,
      defaultBranch: 'main',
    });
    const [first, second] = project.mergeRequests;
    expect(first).toMatchObject({
      draft: true,
      updatedAt: '2024-01-01T00:00:00Z',
      labels: [],
      approvals: [],
      closesIssues: [],
      additions: 0,
    });
    expect(second.id).toBe(77);
    expect(first.id).toBe(78);
    expect(first.notes[0]).toMatchObject({ id: 1, system: false });
    expect(data.tokens[0]).toMatchObject({
      revoked: false,
      expiresAt: null,
      id: 1,
    });
  });

  it('does not modify the input object', () => {
    const input = structuredClone(minimal);
    loadDataset(input);
    expect(input).toEqual(minimal);
  });

  it('reads JSON text and files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitlab-simulator-'));
    const file = join(dir, 'dataset.json');
    writeFileSync(file, JSON.stringify(minimal));
    expect(loadDataset(file).projects[0].path).toBe('group/app');
    expect(loadDataset(JSON.stringify(minimal)).users).toHaveLength(1);
  });

  it('reports what is wrong', () => {
    expect(() => loadDataset({ users: 'nope' })).toThrow(
      'Invalid dataset: users must be an array',
    );
    expect(() =>
      loadDataset({
        users: [],
        projects: [
          {
            id: 1,
            path: 'a/b',
            mergeRequests: [
              {
                iid: 1,
                title: 'x',
                authorId: 1,
                createdAt: '2024-01-01',
                state: 'open',
              },
            ],
          },
        ],
      }),
    ).toThrow(
      'projects[0].mergeRequests[0].state must be one of opened, closed, merged, locked',
    );
    expect(() => loadDataset('{ not json')).toThrow('not valid JSON');
  });
});
