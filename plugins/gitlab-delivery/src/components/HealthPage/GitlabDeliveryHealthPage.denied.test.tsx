import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import { denyingPermissionApi } from '../../__testUtils__/permissions';
import { createMockApi } from '../../__testUtils__/renderWithEntity';
import { GitlabDeliveryHealthPage } from './GitlabDeliveryHealthPage';

// A file of its own: usePermission caches decisions for the whole test file.
describe('GitlabDeliveryHealthPage without permission', () => {
  it('explains the missing permission and does not load anything', async () => {
    const api = createMockApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [gitlabDeliveryApiRef, api],
          [permissionApiRef, denyingPermissionApi()],
        ]}
      >
        <GitlabDeliveryHealthPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /not allowed to see the GitLab integration health/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/gitlab-delivery.health.read permission/),
    ).toBeInTheDocument();
    expect(api.getHealth).not.toHaveBeenCalled();
  });
});
