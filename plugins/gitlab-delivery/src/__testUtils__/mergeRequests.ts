import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';

export function createMergeRequest(
  overrides: Partial<MergeRequestItem> = {},
): MergeRequestItem {
  const iid = overrides.iid ?? 7;
  return {
    host: 'gitlab.com',
    projectId: 101,
    projectPath: 'acme/shop',
    id: 1000 + iid,
    iid,
    title: `Add checkout step ${iid}`,
    description: null,
    state: 'merged',
    draft: false,
    createdAt: '2025-01-10T08:00:00.000Z',
    updatedAt: '2025-01-12T10:00:00.000Z',
    mergedAt: '2025-01-12T10:00:00.000Z',
    closedAt: null,
    firstApprovedAt: '2025-01-11T09:00:00.000Z',
    firstCommentAt: '2025-01-10T11:00:00.000Z',
    author: 'alice',
    mergeUser: 'bob',
    sourceBranch: 'feature/checkout',
    targetBranch: 'main',
    labels: [],
    filesChanged: 5,
    linesAdded: 120,
    linesDeleted: 30,
    sizeBucket: 'M',
    timeToMergeSeconds: 2 * 24 * 3600 + 2 * 3600,
    relatedTickets: [
      {
        kind: 'jira',
        key: 'SHOP-12',
        url: 'https://jira.example.com/browse/SHOP-12',
      },
    ],
    webUrl: `https://gitlab.com/acme/shop/-/merge_requests/${iid}`,
    ...overrides,
  };
}
