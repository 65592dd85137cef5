import { Entity } from '@backstage/catalog-model';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReactElement } from 'react';
import {
  GitlabDeliveryApi,
  gitlabDeliveryApiRef,
} from '../api/GitlabDeliveryApi';
import { allowingPermissionApi } from './permissions';

export type MockGitlabDeliveryApi = jest.Mocked<GitlabDeliveryApi>;

export function createMockApi(): MockGitlabDeliveryApi {
  return {
    getMetrics: jest.fn(),
    getMergeRequests: jest.fn(),
    getEntityHealth: jest.fn(),
    getHealth: jest.fn(),
    runHealthCheck: jest.fn(),
    triggerSync: jest.fn(),
    listProjects: jest.fn(),
    setAutoSync: jest.fn(),
    connectInstance: jest.fn(),
    disconnectInstance: jest.fn(),
  };
}

/** A promise that never settles, to hold a component in its loading state. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export async function renderWithEntity(
  element: ReactElement,
  options: {
    api: MockGitlabDeliveryApi;
    entity: Entity;
    permissionApi?: PermissionApi;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitlabDeliveryApiRef, options.api],
        [permissionApiRef, options.permissionApi ?? allowingPermissionApi()],
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}
