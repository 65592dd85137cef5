import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  annotatedEntity,
  plainEntity,
  systemEntity,
} from '../../__testUtils__/entities';
import {
  createEmptyMetrics,
  createMetrics,
  stats,
} from '../../__testUtils__/metrics';
import {
  createMockApi,
  pending,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityGitlabDeliveryCard } from './EntityGitlabDeliveryCard';

const DAY = 86400;

describe('EntityGitlabDeliveryCard', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi();
    api.getMetrics.mockReturnValue(pending());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the four metrics with median, p90 and sample size', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });

    const ttm = await screen.findByRole('group', { name: 'Time to merge' });
    expect(within(ttm).getByText('2d 4h')).toBeInTheDocument();
    expect(
      within(ttm).getByText('median · p90 5d · 42 MRs'),
    ).toBeInTheDocument();

    const comment = screen.getByRole('group', {
      name: 'Time to first comment',
    });
    expect(within(comment).getByText('3h 10m')).toBeInTheDocument();

    const approve = screen.getByRole('group', { name: 'Time to approve' });
    expect(within(approve).getByText('45m')).toBeInTheDocument();

    const throughput = screen.getByRole('group', { name: 'Throughput' });
    expect(within(throughput).getByText('42')).toBeInTheDocument();

    expect(api.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: { kind: 'Component', namespace: 'default', name: 'shop' },
      }),
    );
    expect(screen.getByText('acme/shop')).toBeInTheDocument();
  });

  it('asks the backend for a System, which has the projects of its components', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: systemEntity,
    });
    expect(
      await screen.findByRole('group', { name: 'Time to merge' }),
    ).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: { kind: 'System', namespace: 'default', name: 'payments' },
      }),
    );
  });

  it('links to the delivery tab of the entity', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    const link = await screen.findByRole('link', {
      name: /view delivery details/i,
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/shop/gitlab-delivery',
    );
  });

  it('shows green arrows and words for faster durations and more throughput', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    const faster = await screen.findByRole('img', {
      name: '28% faster than the previous 30 days (previously 3d)',
    });
    expect(faster).toHaveAttribute('data-direction', 'down');
    expect(faster).toHaveAttribute('data-sentiment', 'better');
    expect(faster).toHaveTextContent('28% faster · was 3d');

    const more = screen.getByRole('img', {
      name: '40% more than the previous 30 days (previously 30)',
    });
    expect(more).toHaveAttribute('data-direction', 'up');
    expect(more).toHaveAttribute('data-sentiment', 'better');
  });

  it('shows red arrows for slower durations and less throughput', async () => {
    const api = createMockApi();
    const metrics = createMetrics();
    api.getMetrics.mockResolvedValue({
      ...metrics,
      previous: {
        ...metrics.previous,
        timeToMerge: stats(1 * DAY, 2 * DAY, 50),
        throughput: { total: 84 },
      },
    });
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    const slower = await screen.findByRole('img', {
      name: '2.2 times slower than the previous 30 days (previously 1d)',
    });
    expect(slower).toHaveAttribute('data-direction', 'up');
    expect(slower).toHaveAttribute('data-sentiment', 'worse');
    // More than doubled: a multiple, not "117%".
    expect(slower).toHaveTextContent('2.2× slower · was 1d');

    const fewer = screen.getByRole('img', {
      name: '50% fewer than the previous 30 days (previously 84)',
    });
    expect(fewer).toHaveAttribute('data-direction', 'down');
    expect(fewer).toHaveAttribute('data-sentiment', 'worse');
  });

  it('loads another window when the selector changes', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    await screen.findByRole('group', { name: 'Time to merge' });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Time window' }),
      '7',
    );

    await waitFor(() => expect(api.getMetrics).toHaveBeenCalledTimes(2));
    const { from, to } = api.getMetrics.mock.calls[1][0];
    const days = (Date.parse(to) - Date.parse(from)) / (DAY * 1000);
    expect(days).toBe(7);
    expect(
      await screen.findAllByRole('img', { name: /than the previous 7 days/ }),
    ).toHaveLength(4);
  });

  it('shows an empty state when the window has no merge requests', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createEmptyMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText('No merge requests in the last 30 days'),
    ).toBeInTheDocument();
  });

  it('shows the backend error in a panel', async () => {
    const api = createMockApi();
    api.getMetrics.mockRejectedValue(new Error('Backend unavailable'));
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/Could not load the delivery metrics/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Backend unavailable/).length).toBeGreaterThan(
      0,
    );
  });

  it('shows a ResponseError from the backend', async () => {
    const api = createMockApi();
    api.getMetrics.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Denied by policy' },
            response: { statusCode: 403 },
          }),
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/Could not load the delivery metrics/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Denied by policy/).length).toBeGreaterThan(0);
  });

  it('tells the user which annotation to add when the entity has none', async () => {
    const api = createMockApi();
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: plainEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'gitlab.com/project-slug: group/project',
    );
    expect(document.body).toHaveTextContent(
      'gitlab.com/instance: gitlab.example.com',
    );
    expect(api.getMetrics).not.toHaveBeenCalled();
  });

  it('shows why the backend cannot use the annotation', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue({
      ...createEmptyMetrics(),
      notConfigured: {
        reason: 'unknown_instance',
        message:
          'gitlab.internal is not in integrations.gitlab; add it to app-config.yaml',
      },
    });
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(
        /The GitLab instance of this entity is not configured/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/gitlab.internal is not in integrations.gitlab/),
    ).toBeInTheDocument();
  });
});
