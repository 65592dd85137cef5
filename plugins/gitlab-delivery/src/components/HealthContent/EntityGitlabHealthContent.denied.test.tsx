import { act, screen, waitFor } from '@testing-library/react';
import { annotatedEntity } from '../../__testUtils__/entities';
import { createEntityHealth } from '../../__testUtils__/health';
import { denyingPermissionApi } from '../../__testUtils__/permissions';
import {
  createMockApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityGitlabHealthContent } from './EntityGitlabHealthContent';

// A file of its own: usePermission caches decisions for the whole test file.
describe('EntityGitlabHealthContent without admin permissions', () => {
  it('hides "Sync now", "Run health check" and the auto-sync switch', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    const permissionApi = denyingPermissionApi();
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
      permissionApi,
    });
    await screen.findByRole('table', { name: 'Health checks of acme/shop' });
    await waitFor(() =>
      expect(
        authorize.mock.calls.map(([r]) => r.permission.name).sort(),
      ).toEqual([
        'gitlab-delivery.connection.manage',
        'gitlab-delivery.health.check',
        'gitlab-delivery.sync.trigger',
      ]),
    );
    // Let the decisions reach the components before looking for the buttons.
    await act(async () => {
      await Promise.all(authorize.mock.results.map(r => r.value));
    });
    expect(
      screen.queryByRole('button', { name: /Sync now/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Run health check/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('checkbox', { name: /Scheduled sync/ }),
    ).not.toBeInTheDocument();
  });
});
