import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { annotatedEntity } from './__testUtils__/entities';
import { createEntityHealth } from './__testUtils__/health';
import { createMetrics } from './__testUtils__/metrics';
import {
  createMockApi,
  renderWithEntity,
} from './__testUtils__/renderWithEntity';
import {
  EntityGitlabDeliveryCard,
  EntityGitlabHealthContent,
  gitlabDeliveryPlugin,
} from './plugin';

describe('the legacy plugin', () => {
  it('has the gitlab-delivery id and provides the client', () => {
    expect(gitlabDeliveryPlugin.getId()).toBe('gitlab-delivery');
    expect(
      [...gitlabDeliveryPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.gitlab-delivery.service']);
  });

  it('renders the lazily loaded card extension', async () => {
    const api = createMockApi();
    api.getMetrics.mockResolvedValue(createMetrics());
    await renderWithEntity(<EntityGitlabDeliveryCard />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByRole('group', { name: 'Throughput' }),
    ).toHaveTextContent('42');
  });

  it('renders the lazily loaded health tab extension', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    // A routable extension needs a path, as EntityLayout.Route gives it in an app.
    await renderWithEntity(
      <Routes>
        <Route path="/*" element={<EntityGitlabHealthContent />} />
      </Routes>,
      {
        api,
        entity: annotatedEntity,
      },
    );
    expect(
      await screen.findByRole('table', { name: 'Health checks of acme/shop' }),
    ).toBeInTheDocument();
  });
});
