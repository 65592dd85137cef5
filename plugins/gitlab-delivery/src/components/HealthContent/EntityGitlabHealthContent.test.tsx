import { HealthStatus } from '@delivery-insights/plugin-gitlab-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { annotatedEntity, plainEntity } from '../../__testUtils__/entities';
import { mockElementWidth } from '../../__testUtils__/layout';
import {
  createEntityHealth,
  createInstanceHealth,
  projectWithStatus,
} from '../../__testUtils__/health';
import {
  createMockApi,
  pending,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityGitlabHealthContent } from './EntityGitlabHealthContent';

describe('EntityGitlabHealthContent', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockReturnValue(pending());
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('says that the instances are for administrators when the API leaves them out', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({ instances: [], instancesHidden: true }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(
        /shown to administrators, with the permission gitlab-delivery\.health\.read/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitLab instances')).not.toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Health checks of acme/shop' }),
    ).toBeInTheDocument();
  });

  it('shows the sync facts of a project', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByRole('link', { name: /^acme\/shop/ }),
    ).toHaveAttribute('href', 'https://gitlab.com/acme/shop');
    expect(screen.getByText('Auto-sync')).toBeInTheDocument();
    expect(screen.getByText('On')).toBeInTheDocument();
    expect(screen.getByText('Last sync')).toBeInTheDocument();
    expect(screen.getByText('Last success')).toBeInTheDocument();
    expect(screen.getByText('321')).toBeInTheDocument();
  });

  it('shows how far a first sync got and the time left', async () => {
    const api = createMockApi();
    const health = createEntityHealth();
    health.projects[0] = {
      ...health.projects[0],
      mergeRequestCount: 1234,
      firstSync: {
        stored: 1234,
        total: 10_000,
        startedAt: '2026-11-30T10:00:00.000Z',
        estimatedSecondsLeft: 190,
      },
    };
    api.getEntityHealth.mockResolvedValue(health);
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(
        'First sync: 1,234 of 10,000 merge requests stored, about 3m left',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'First sync progress' }),
    ).toHaveAttribute('aria-valuenow', '12');
  });

  it.each<[HealthStatus, string, string | undefined]>([
    ['ok', 'The project acme/shop was found.', undefined],
    [
      'warning',
      'The last successful sync was 2 hours ago.',
      'Check the backend logs for failed sync runs.',
    ],
    [
      'error',
      'GitLab answered 404 for acme/Shop.',
      'Use the exact full path, which is case-sensitive.',
    ],
    [
      'skipped',
      'Skipped because the project could not be resolved.',
      undefined,
    ],
  ])(
    'shows a %s check with its icon, message and fix',
    async (status, message, remediation) => {
      const api = createMockApi();
      api.getEntityHealth.mockResolvedValue(
        createEntityHealth({
          projects: [projectWithStatus(status)],
          instances: [],
        }),
      );
      await renderWithEntity(<EntityGitlabHealthContent />, {
        api,
        entity: annotatedEntity,
      });
      const table = await screen.findByRole('table', {
        name: 'Health checks of acme/shop',
      });
      const row = within(table).getByText(message).closest('tr')!;
      expect(row.querySelector(`[data-status="${status}"]`)).not.toBeNull();
      expect(
        within(row).getByTestId(
          `status-${status === 'skipped' ? 'aborted' : status}`,
        ),
      ).toBeInTheDocument();
      const label = {
        ok: 'OK',
        warning: 'Warning',
        error: 'Error',
        skipped: 'Skipped',
      }[status];
      expect(within(row).getByText(label)).toBeInTheDocument();
      expect(
        remediation === undefined ||
          within(row).queryByText(remediation) !== null,
      ).toBe(true);
      // "What to do" only when some check has a fix to tell.
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map(h => h.textContent),
      ).toEqual(
        remediation
          ? ['Status', 'Check', 'Result', 'What to do', 'Checked']
          : ['Status', 'Check', 'Result', 'Checked'],
      );
    },
  );

  it('shows a dash for a check without a fix when another one has a fix', async () => {
    const api = createMockApi();
    const broken = projectWithStatus('error');
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({
        projects: [
          {
            ...broken,
            checks: [...broken.checks, ...projectWithStatus('skipped').checks],
          },
        ],
        instances: [],
      }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    const table = await screen.findByRole('table', {
      name: 'Health checks of acme/shop',
    });
    const skippedRow = within(table)
      .getByText('Skipped because the project could not be resolved.')
      .closest('tr')!;
    expect(within(skippedRow).getByText('–')).toBeInTheDocument();
    expect(
      within(table).getByRole('columnheader', { name: 'What to do' }),
    ).toBeInTheDocument();
  });

  it('puts the fix and the time under the result in a narrow card', async () => {
    const widthSpy = mockElementWidth(600);
    try {
      const api = createMockApi();
      api.getEntityHealth.mockResolvedValue(
        createEntityHealth({
          projects: [projectWithStatus('error')],
          instances: [],
        }),
      );
      await renderWithEntity(<EntityGitlabHealthContent />, {
        api,
        entity: annotatedEntity,
      });
      const table = await screen.findByRole('table', {
        name: 'Health checks of acme/shop',
      });
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map(h => h.textContent),
      ).toEqual(['Status', 'Check', 'Result']);
      const cell = within(table)
        .getByText('GitLab answered 404 for acme/Shop.')
        .closest('td')!;
      expect(cell).toHaveTextContent(
        'What to do: Use the exact full path, which is case-sensitive.',
      );
      expect(cell).toHaveTextContent(/Checked .+ ago/);
    } finally {
      widthSpy.mockRestore();
    }
  });

  it('shows the last error in plain words with its fix, and the suggested path', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({ projects: [projectWithStatus('error')] }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(
        /Last error: GitLab answered 404 Project Not Found/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'How to fix it: Correct the gitlab.com/project-slug annotation to acme/shop.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Did you mean/)).toHaveTextContent(
      'Did you mean acme/shop?',
    );
  });

  it('shows the instance: version, token name, expiry, scopes and rate limit', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({
        instances: [createInstanceHealth({ tokenScopes: ['read_api', 'api'] })],
      }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(await screen.findByText('17.8.1')).toBeInTheDocument();
    expect(screen.getByText('backstage-delivery')).toBeInTheDocument();
    expect(screen.getByText('read_api')).toBeInTheDocument();
    expect(screen.getByText('api')).toBeInTheDocument();
    expect(
      screen.getByText('1500 of 2000 requests left (75%)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Jun 30, 2025/)).toBeInTheDocument();
  });

  it('shows the warnings of the response', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({
        warnings: ['backstage.io/source-location points at an unknown host'],
      }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/points at an unknown host/),
    ).toBeInTheDocument();
  });

  it('shows admins "Sync now" and "Run health check", and runs them for this entity', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    api.triggerSync.mockResolvedValue();
    api.runHealthCheck.mockResolvedValue();
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: /^Sync now/ }),
    );
    await waitFor(() =>
      expect(api.triggerSync).toHaveBeenCalledWith({
        entityRef: 'component:default/shop',
      }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: /^Run health check/ }),
    );
    await waitFor(() =>
      expect(api.runHealthCheck).toHaveBeenCalledWith({
        entityRef: 'component:default/shop',
      }),
    );
    // Each action reloads the health.
    await waitFor(() => expect(api.getEntityHealth).toHaveBeenCalledTimes(3));
  });

  it('shows an empty state when no project is synced yet', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({ projects: [], instances: [] }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText('No GitLab projects synced yet'),
    ).toBeInTheDocument();
  });

  it('shows the error in a panel', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockRejectedValue(new Error('Service unavailable'));
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/Could not load GitLab health/),
    ).toBeInTheDocument();
  });

  it('tells the user which annotation to add when the entity has none', async () => {
    const api = createMockApi();
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: plainEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getEntityHealth).not.toHaveBeenCalled();
  });

  it('shows why the backend cannot use the annotation', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(
      createEntityHealth({
        projects: [],
        notConfigured: {
          reason: 'unknown_instance',
          message: 'git.internal is not configured under integrations.gitlab',
        },
      }),
    );
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(/git.internal is not configured/),
    ).toBeInTheDocument();
  });
});
