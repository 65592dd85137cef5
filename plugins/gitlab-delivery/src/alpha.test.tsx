import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import packageJson from '../package.json';
import plugin from './alpha';
import * as legacyEntryPoint from './index';
import { gitlabDeliveryApiRef } from './api/GitlabDeliveryApi';
import {
  annotatedEntity,
  plainEntity,
  systemEntity,
} from './__testUtils__/entities';
import { createEntityHealth } from './__testUtils__/health';
import { createMetrics } from './__testUtils__/metrics';
import { allowingPermissionApi } from './__testUtils__/permissions';
import {
  createMockApi,
  MockGitlabDeliveryApi,
} from './__testUtils__/renderWithEntity';

const DAY_MS = 86400000;

function apiWithData(): MockGitlabDeliveryApi {
  const api = createMockApi();
  api.getMetrics.mockResolvedValue(createMetrics());
  api.getEntityHealth.mockResolvedValue(createEntityHealth());
  api.getMergeRequests.mockResolvedValue({
    entityRef: 'component:default/shop',
    items: [],
    nextCursor: null,
  });
  return api;
}

function renderExtension(
  tester: { reactElement(): JSX.Element },
  api: MockGitlabDeliveryApi,
) {
  return renderInTestApp(
    <EntityProvider entity={annotatedEntity}>
      {tester.reactElement()}
    </EntityProvider>,
    {
      apis: [
        [gitlabDeliveryApiRef, api],
        [permissionApiRef, allowingPermissionApi()],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The length of the window of the first metrics request. */
function windowDaysOf(api: MockGitlabDeliveryApi): number {
  const { from, to } = api.getMetrics.mock.calls[0][0];
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

describe('the /alpha plugin', () => {
  it('is the default export, a frontend plugin with the gitlab-delivery id', () => {
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(plugin.pluginId).toBe('gitlab-delivery');
  });

  it('is what app.packages discovery picks up', () => {
    // The CLI lists dependencies with backstage.role frontend-plugin and loads the
    // default export of the package root and, when exported, of ./alpha.
    expect(packageJson.backstage.role).toBe('frontend-plugin');
    expect(packageJson.exports['./alpha']).toBe('./src/alpha.tsx');
    // The root has no default export, so the legacy plugin is never picked up too.
    expect('default' in legacyEntryPoint).toBe(false);
  });

  it.each([
    'api:gitlab-delivery',
    'entity-card:gitlab-delivery/delivery',
    'entity-card:gitlab-delivery/merge-requests',
    'entity-content:gitlab-delivery/delivery',
    'entity-content:gitlab-delivery/health',
    'page:gitlab-delivery/health',
  ] as const)('has the extension %s', id => {
    expect(plugin.getExtension(id)).toBeDefined();
  });

  it('shows the entity cards only on annotated entities and systems', () => {
    for (const id of [
      'entity-card:gitlab-delivery/delivery',
      'entity-card:gitlab-delivery/merge-requests',
    ] as const) {
      const tester = createExtensionTester(plugin.getExtension(id));
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
      expect(filter?.(annotatedEntity)).toBe(true);
      expect(filter?.(systemEntity)).toBe(true);
      expect(filter?.(plainEntity)).toBe(false);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
    }
  });

  it('adds the Delivery and GitLab health tabs on annotated entities', () => {
    const delivery = createExtensionTester(
      plugin.getExtension('entity-content:gitlab-delivery/delivery'),
    );
    expect(delivery.get(coreExtensionData.routePath)).toBe('gitlab-delivery');
    expect(delivery.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Delivery',
    );
    const deliveryFilter = delivery.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(deliveryFilter?.(annotatedEntity)).toBe(true);
    expect(deliveryFilter?.(plainEntity)).toBe(false);

    const health = createExtensionTester(
      plugin.getExtension('entity-content:gitlab-delivery/health'),
    );
    expect(health.get(coreExtensionData.routePath)).toBe('gitlab-health');
    expect(health.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'GitLab health',
    );
  });

  it('mounts the admin page at /gitlab-delivery/health', () => {
    const tester = createExtensionTester(
      plugin.getExtension('page:gitlab-delivery/health'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/gitlab-delivery/health',
    );
    // The nav item's text too: short enough for the sidebar, uncut.
    expect(tester.get(coreExtensionData.title)).toBe('GitLab status');
  });

  it('renders the delivery card in a new-system app', async () => {
    const api = apiWithData();
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:gitlab-delivery/delivery'),
    );
    renderExtension(tester, api);
    expect(
      await screen.findByRole('group', { name: 'Time to merge' }),
    ).toHaveTextContent('2d 4h');
    expect(windowDaysOf(api)).toBe(30);
  });
});

describe('the /alpha extension config', () => {
  it('passes defaultWindowDays and deliveryTabPath to the delivery card', async () => {
    const api = apiWithData();
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:gitlab-delivery/delivery'),
      { config: { defaultWindowDays: 90, deliveryTabPath: 'delivery' } },
    );
    renderExtension(tester, api);
    expect(
      await screen.findByRole('link', { name: /view delivery details/i }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/delivery');
    expect(screen.getByRole('combobox', { name: 'Time window' })).toHaveValue(
      '90',
    );
    expect(windowDaysOf(api)).toBe(90);
  });

  it('passes pageSize and defaultState to the merge request card', async () => {
    const api = apiWithData();
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:gitlab-delivery/merge-requests'),
      { config: { pageSize: 5, defaultState: 'merged' } },
    );
    renderExtension(tester, api);
    expect(
      await screen.findByText('No merge requests match this filter.'),
    ).toBeInTheDocument();
    expect(api.getMergeRequests).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 5, state: 'merged' }),
    );
    expect(
      screen.getByRole('combobox', { name: 'Filter merge requests by state' }),
    ).toHaveValue('merged');
  });

  it('passes defaultWindowDays and healthTabPath to the Delivery tab', async () => {
    const api = apiWithData();
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:gitlab-delivery/delivery'),
      { config: { defaultWindowDays: 7, healthTabPath: 'health' } },
    );
    renderExtension(tester, api);
    expect(
      await screen.findByRole('link', { name: /view health details/i }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/health');
    expect(windowDaysOf(api)).toBe(7);
  });

  it('keeps the config of the blueprint beside its own', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:gitlab-delivery/delivery'),
      { config: { path: 'delivery', defaultWindowDays: 30 } },
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('delivery');
  });

  it.each([
    ['entity-card:gitlab-delivery/delivery', { defaultWindowDays: 45 }],
    ['entity-card:gitlab-delivery/merge-requests', { pageSize: 500 }],
    ['entity-card:gitlab-delivery/merge-requests', { defaultState: 'open' }],
    ['entity-content:gitlab-delivery/delivery', { healthTabPath: '' }],
  ] as const)('rejects a wrong value for %s: %j', (id, config) => {
    const errors: string[] = [];
    const tester = createExtensionTester(plugin.getExtension(id), {
      // As an app-config.yaml could hold it; the types rule it out.
      config: config as {},
      isExpectedError: error => {
        errors.push(error.message);
        return true;
      },
    });
    expect(() => tester.reactElement()).toThrow();
    expect(errors).toEqual([
      expect.stringContaining(`Invalid configuration for extension '${id}'`),
    ]);
  });
});
