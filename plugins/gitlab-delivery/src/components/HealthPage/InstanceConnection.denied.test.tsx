import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { createInstanceHealth } from '../../__testUtils__/health';
import { denyingPermissionApi } from '../../__testUtils__/permissions';
import { createMockApi } from '../../__testUtils__/renderWithEntity';
import { HealthOverviewData } from './HealthOverviewData';

// Its own file: the permission answers are cached per test file.
describe('Connect GitLab without gitlab-delivery.connection.manage', () => {
  it('shows the instance but no button', async () => {
    const api = createMockApi();
    api.getHealth.mockResolvedValue({
      instances: [
        createInstanceHealth({
          credential: { source: 'none', oauthApplication: true },
        }),
      ],
      projects: [],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [gitlabDeliveryApiRef, api],
          [permissionApiRef, denyingPermissionApi()],
        ]}
      >
        <HealthOverviewData />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Not connected')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Connect GitLab/ })).toBeNull();
  });
});
