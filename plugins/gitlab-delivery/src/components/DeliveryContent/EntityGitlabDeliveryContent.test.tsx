import { screen } from '@testing-library/react';
import { annotatedEntity, plainEntity } from '../../__testUtils__/entities';
import {
  createEntityHealth,
  projectWithStatus,
} from '../../__testUtils__/health';
import { createEmptyMetrics, createMetrics } from '../../__testUtils__/metrics';
import {
  createMockApi,
  MockGitlabDeliveryApi,
  pending,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityGitlabDeliveryContent } from './EntityGitlabDeliveryContent';

function apiWithData(): MockGitlabDeliveryApi {
  const api = createMockApi();
  api.getMetrics.mockResolvedValue(createMetrics());
  api.getEntityHealth.mockResolvedValue(
    createEntityHealth({ projects: [projectWithStatus('warning')] }),
  );
  api.getMergeRequests.mockResolvedValue({
    entityRef: 'component:default/shop',
    items: [],
    nextCursor: null,
  });
  return api;
}

describe('EntityGitlabDeliveryContent', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi();
    api.getMetrics.mockReturnValue(pending());
    api.getMergeRequests.mockReturnValue(pending());
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
  });

  it('shows the metrics, the lazily loaded charts, the summary and the health panel', async () => {
    const api = apiWithData();
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: annotatedEntity,
    });

    expect(
      await screen.findByRole('group', { name: 'Time to merge' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('figure', { name: 'Weekly throughput' }),
    ).toHaveTextContent('week of Jan 13: 12');
    const timeToMerge = await screen.findByRole('figure', {
      name: 'Weekly time to merge',
    });
    expect(timeToMerge).toHaveTextContent(
      'week of Jan 13: median 2d, 90th percentile 5d over 12 merged',
    );
    expect(timeToMerge).toHaveTextContent('week of Dec 30: none merged');
    expect(
      screen.getByRole('figure', { name: 'Size distribution' }),
    ).toHaveTextContent('XS: 5, S: 15, M: 12, L: 7, XL: 3');

    expect(
      screen.getByText(/Merged 42 merge requests: 20 features/),
    ).toBeInTheDocument();
    expect(screen.getByText('Features: 20')).toBeInTheDocument();

    expect(await screen.findByText('GitLab health')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /view health details/i }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/gitlab-health');

    // The tab asks for 90 days by default.
    const { from, to } = api.getMetrics.mock.calls[0][0];
    expect((Date.parse(to) - Date.parse(from)) / 86400000).toBe(90);
    // The weekly time to merge comes with the metrics: no merged MRs are paged through.
    expect(api.getMergeRequests).not.toHaveBeenCalledWith(
      expect.objectContaining({ state: 'merged' }),
    );
  });

  it('shows an empty state when the window has no merge requests', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createEmptyMetrics());
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    api.getMergeRequests.mockResolvedValue({
      entityRef: 'component:default/shop',
      items: [],
      nextCursor: null,
    });
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText('No merge requests in the last 90 days'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('shows the error in a panel', async () => {
    const api = createMockApi();
    api.getMetrics.mockRejectedValue(new Error('Metrics query timed out'));
    api.getMergeRequests.mockResolvedValue({
      entityRef: 'component:default/shop',
      items: [],
      nextCursor: null,
    });
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      (await screen.findAllByText(/Could not load the delivery metrics/))
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/Metrics query timed out/).length,
    ).toBeGreaterThan(0);
  });

  it('tells the user which annotation to add when the entity has none', async () => {
    const api = createMockApi();
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: plainEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getMetrics).not.toHaveBeenCalled();
  });

  it('shows why the backend cannot use the annotation', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue({
      ...createEmptyMetrics(),
      notConfigured: {
        reason: 'invalid_annotation',
        message: 'gitlab.com/project-id "abc" is not a project id',
      },
    });
    await renderWithEntity(<EntityGitlabDeliveryContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(await screen.findByText(/is not a project id/)).toBeInTheDocument();
  });
});
