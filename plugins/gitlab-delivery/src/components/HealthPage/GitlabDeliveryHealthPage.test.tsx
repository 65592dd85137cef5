import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import {
  createCheck,
  createInstanceHealth,
  createProjectHealth,
  projectWithStatus,
} from '../../__testUtils__/health';
import { allowingPermissionApi } from '../../__testUtils__/permissions';
import { createMockApi, pending } from '../../__testUtils__/renderWithEntity';
import { GitlabDeliveryHealthPage } from './GitlabDeliveryHealthPage';

function render(api: ReturnType<typeof createMockApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitlabDeliveryApiRef, api],
        [permissionApiRef, allowingPermissionApi()],
      ]}
    >
      <GitlabDeliveryHealthPage />
    </TestApiProvider>,
  );
}

describe('GitlabDeliveryHealthPage', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi();
    api.getHealth.mockReturnValue(pending());
    await render(api);
    await waitFor(() => expect(api.getHealth).toHaveBeenCalled());
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists every instance and project, problems first', async () => {
    const api = createMockApi();
    api.getHealth.mockResolvedValue({
      instances: [
        createInstanceHealth({ host: 'gitlab.com' }),
        createInstanceHealth({
          host: 'gitlab.example.com',
          version: '15.11.2',
          tokenName: 'delivery-readonly',
          tokenScopes: ['api'],
          rateLimit: { limit: 600, remaining: 30 },
          checks: [
            createCheck({
              id: 'token.scopes',
              status: 'warning',
              message: 'The token has the broad api scope.',
            }),
          ],
        }),
      ],
      projects: [
        createProjectHealth({ path: 'acme/aaa-fine', mergeRequestCount: 10 }),
        { ...projectWithStatus('error'), path: 'acme/zzz-broken' },
        { ...projectWithStatus('warning'), path: 'acme/mmm-stale' },
      ],
    });
    await render(api);

    // The instance with a warning comes before the healthy one.
    const warningVersion = await screen.findByText('15.11.2');
    const okVersion = screen.getByText('17.8.1');
    expect(
      warningVersion.compareDocumentPosition(okVersion) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByText('delivery-readonly')).toBeInTheDocument();
    expect(
      screen.getByText('30 of 600 requests left (5%)'),
    ).toBeInTheDocument();

    const projectLinks = screen
      .getAllByRole('link', { name: /^acme\// })
      .map(link => link.textContent?.replace(', Opens in a new window', ''));
    expect(projectLinks).toEqual([
      'acme/zzz-broken',
      'acme/mmm-stale',
      'acme/aaa-fine',
    ]);
    const brokenRow = screen
      .getByRole('link', { name: /^acme\/zzz-broken/ })
      .closest('tr')!;
    expect(within(brokenRow).getByText('Error')).toBeInTheDocument();
    expect(
      within(brokenRow).getByText(/GitLab answered 404 Project Not Found/),
    ).toBeInTheDocument();
  });

  it('cuts a long last error short, with a button that shows it whole', async () => {
    const api = createMockApi();
    const message =
      'GitLab at gitlab.com shows no project "acme/Shop"; check the full path (every group, as in the project\'s URL) in gitlab.com/project-slug.';
    api.getHealth.mockResolvedValue({
      instances: [],
      projects: [
        {
          ...projectWithStatus('error'),
          path: 'acme/Shop',
          lastErrorMessage: message,
        },
      ],
    });
    await render(api);
    const text = await screen.findByText(message);
    // Two lines, with the whole text (and the fix) as its tooltip.
    expect(text).toHaveAttribute(
      'title',
      `${message} How to fix it: Correct the gitlab.com/project-slug annotation to acme/shop.`,
    );
    expect(screen.queryByText(/^Correct the gitlab.com/)).toBeNull();

    const toggle = screen.getByRole('button', {
      name: 'Show all of the last error of acme/Shop',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName(
      'Show less of the last error of acme/Shop',
    );
    expect(text).not.toHaveAttribute('title');
    expect(
      screen.getByText(
        'Correct the gitlab.com/project-slug annotation to acme/shop.',
      ),
    ).toBeInTheDocument();
  });

  it('runs the health check for everything', async () => {
    const api = createMockApi();
    api.getHealth.mockResolvedValue({ instances: [], projects: [] });
    api.runHealthCheck.mockResolvedValue();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: /^Run health check/ }),
    );
    await waitFor(() =>
      expect(api.runHealthCheck).toHaveBeenCalledWith(undefined),
    );
  });

  it('shows the error in a panel', async () => {
    const api = createMockApi();
    api.getHealth.mockRejectedValue(new Error('Gateway timeout'));
    await render(api);
    expect(
      await screen.findByText(/Could not load GitLab health/),
    ).toBeInTheDocument();
  });
});
