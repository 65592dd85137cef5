import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { DiscoveredProject } from '@delivery-insights/plugin-gitlab-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gitlabDeliveryApiRef } from '../../api/GitlabDeliveryApi';
import {
  createInstanceHealth,
  createProjectHealth,
} from '../../__testUtils__/health';
import { allowingPermissionApi } from '../../__testUtils__/permissions';
import { createMockApi } from '../../__testUtils__/renderWithEntity';
import { GitlabDeliveryHealthPage } from './GitlabDeliveryHealthPage';

function discovered(overrides: Partial<DiscoveredProject>): DiscoveredProject {
  return {
    id: 1,
    fullPath: 'acme/shop',
    webUrl: 'https://gitlab.example.com/acme/shop',
    role: { accessLevel: 30, name: 'Developer' },
    readable: true,
    allowed: true,
    mergeRequestsEnabled: true,
    mergeRequestsLast30Days: null,
    trackedBy: [],
    autoSync: null,
    catalogSnippet: 'kind: Component\n',
    ...overrides,
  };
}

const tracked = discovered({
  id: 7,
  fullPath: 'acme/payments',
  mergeRequestsLast30Days: 12,
  trackedBy: ['component:default/payments'],
  autoSync: { enabled: true },
});
const guest = discovered({
  id: 9,
  fullPath: 'acme/secret',
  role: { accessLevel: 10, name: 'Guest' },
  readable: false,
  allowed: false,
});

async function openProjectsTab() {
  const api = createMockApi();
  api.getHealth.mockResolvedValue({
    instances: [createInstanceHealth({ host: 'gitlab.example.com' })],
    projects: [
      createProjectHealth({ host: 'gitlab.example.com', projectId: 7 }),
    ],
  });
  api.listProjects.mockResolvedValue({
    items: [tracked, discovered({}), guest],
    nextCursor: 'bmV4dA',
  });
  api.setAutoSync.mockResolvedValue({
    enabled: false,
    changedBy: 'user:default/jane',
    changedAt: '2025-01-31T10:00:00.000Z',
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [gitlabDeliveryApiRef, api],
        [permissionApiRef, allowingPermissionApi()],
      ]}
    >
      <GitlabDeliveryHealthPage />
    </TestApiProvider>,
  );
  await userEvent.click(await screen.findByRole('tab', { name: 'Projects' }));
  await screen.findByRole('link', { name: /acme\/payments/ });
  return api;
}

const rowOf = (path: string) =>
  screen.getByRole('link', { name: new RegExp(path) }).closest('tr')!;

describe('the Projects tab of the admin page', () => {
  it('lists the instance’s GitLab projects with their role, merge requests and trackers', async () => {
    const api = await openProjectsTab();
    expect(api.listProjects).toHaveBeenCalledWith({
      host: 'gitlab.example.com',
      search: undefined,
      cursor: undefined,
      tracked: undefined,
    });
    const payments = rowOf('acme/payments');
    expect(within(payments).getByText('Developer')).toBeInTheDocument();
    expect(within(payments).getByText('12')).toBeInTheDocument();
    expect(
      within(payments).getByText('component:default/payments'),
    ).toBeInTheDocument();
    // Tracked projects need no snippet; untracked ones get one to copy.
    expect(within(payments).queryByRole('button', { name: /Copy/ })).toBeNull();
    const shop = rowOf('acme/shop');
    expect(within(shop).getByText('unknown')).toBeInTheDocument();
    expect(within(shop).getByText('Not tracked')).toBeInTheDocument();
    expect(
      within(shop).getByRole('button', {
        name: 'Copy a catalog-info.yaml for acme/shop',
      }),
    ).toBeInTheDocument();
    const secret = rowOf('acme/secret');
    expect(
      within(secret).getByText('Guest (cannot read merge requests)'),
    ).toBeInTheDocument();
    // A project the allow-list leaves out gets no snippet.
    expect(
      within(secret).getByText('Outside the allow-list'),
    ).toBeInTheDocument();
    expect(within(secret).queryByRole('button', { name: /Copy/ })).toBeNull();
    expect(
      screen.getByRole('link', { name: /discover GitLab projects on its own/ }),
    ).toHaveAttribute(
      'href',
      'https://backstage.io/docs/integrations/gitlab/discovery',
    );
  });

  it('searches, filters and pages through the backend', async () => {
    const api = await openProjectsTab();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search projects' }),
      'pay{Enter}',
    );
    await waitFor(() =>
      expect(api.listProjects).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'pay', cursor: undefined }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /All projects/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Untracked' }),
    );
    await waitFor(() =>
      expect(api.listProjects).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'pay', tracked: 'untracked' }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.listProjects).toHaveBeenLastCalledWith(
        expect.objectContaining({ cursor: 'bmV4dA', tracked: 'untracked' }),
      ),
    );
    expect(screen.getByText('Page 2')).toBeInTheDocument();
  }, 20_000);

  it('pauses the scheduled sync of a tracked project', async () => {
    const api = await openProjectsTab();
    const toggle = within(rowOf('acme/payments')).getByRole('checkbox', {
      name: 'Scheduled sync of acme/payments',
    });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(api.setAutoSync).toHaveBeenCalledWith({
      host: 'gitlab.example.com',
      projectId: 7,
      enabled: false,
    });
  });

  it('has the auto-sync switch in the admin projects table too', async () => {
    await openProjectsTab();
    await userEvent.click(screen.getByRole('tab', { name: 'Health' }));
    expect(
      await screen.findByRole('checkbox', {
        name: 'Scheduled sync of acme/shop',
      }),
    ).toBeChecked();
  });
});
