import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InstanceCredential } from '@delivery-insights/plugin-gitlab-delivery-common';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { createInstanceHealth } from '../../__testUtils__/health';
import { allowingPermissionApi } from '../../__testUtils__/permissions';
import { createMockApi } from '../../__testUtils__/renderWithEntity';
import { leavePage } from '../../lib/leavePage';
import { HealthOverviewData } from './HealthOverviewData';

jest.mock('../../lib/leavePage', () => ({ leavePage: jest.fn() }));

const HOST = 'gitlab.example.com';

function render(
  api: ReturnType<typeof createMockApi>,
  options: { route?: string } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitlabDeliveryApiRef, api],
        [permissionApiRef, allowingPermissionApi()],
      ]}
    >
      <HealthOverviewData />
    </TestApiProvider>,
    { routeEntries: [options.route ?? '/gitlab-delivery/health'] },
  );
}

function withInstance(
  api: ReturnType<typeof createMockApi>,
  credential: InstanceCredential,
) {
  api.getHealth.mockResolvedValue({
    instances: [createInstanceHealth({ host: HOST, credential })],
    projects: [],
  });
}

describe('Connect GitLab on the admin page', () => {
  it('sends the browser to GitLab’s consent page', async () => {
    const api = createMockApi();
    withInstance(api, { source: 'none', oauthApplication: true });
    api.connectInstance.mockResolvedValue({
      authorizeUrl: `https://${HOST}/oauth/authorize?state=s`,
    });
    await render(api);
    expect(await screen.findByText('Not connected')).toBeInTheDocument();
    // No token yet: not "no expiry date", which reads as a lasting token.
    expect(screen.getAllByText('no token').length).toBeGreaterThan(0);
    expect(screen.queryByText('no expiry date')).toBeNull();
    await userEvent.click(
      await screen.findByRole('button', { name: `Connect GitLab at ${HOST}` }),
    );
    await waitFor(() =>
      expect(leavePage).toHaveBeenCalledWith(
        `https://${HOST}/oauth/authorize?state=s`,
      ),
    );
    expect(api.connectInstance).toHaveBeenCalledWith({ host: HOST });
  });

  it('says who connected and when, and disconnects', async () => {
    const api = createMockApi();
    withInstance(api, {
      source: 'connected',
      oauthApplication: true,
      connectedBy: 'user:default/ada',
      connectedAt: '2026-12-01T10:00:00.000Z',
    });
    api.disconnectInstance.mockResolvedValue({
      revoked: true,
      message: 'Revoked.',
    });
    await render(api);
    expect(
      await screen.findByText('Connected OAuth token'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Connected by ada at /)).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', {
        name: `Disconnect GitLab at ${HOST}`,
      }),
    );
    await waitFor(() => expect(api.getHealth).toHaveBeenCalledTimes(2));
    expect(api.disconnectInstance).toHaveBeenCalledWith({ host: HOST });
  });

  it('shows no button without an OAuth application', async () => {
    const api = createMockApi();
    withInstance(api, { source: 'token', oauthApplication: false });
    await render(api);
    expect(await screen.findByText('backstage-delivery')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Connect GitLab/ })).toBeNull();
  });

  it('says how the last connect ended', async () => {
    const api = createMockApi();
    withInstance(api, { source: 'none', oauthApplication: true });
    await render(api, {
      route: '/gitlab-delivery/health?oauthError=state_invalid',
    });
    expect(
      await screen.findByText(/GitLab was not connected: the sign-in link/),
    ).toBeInTheDocument();

    await render(api, { route: `/gitlab-delivery/health?connected=${HOST}` });
    expect(
      await screen.findByText(`GitLab at ${HOST} is connected.`, {
        exact: false,
      }),
    ).toBeInTheDocument();
  });
});
