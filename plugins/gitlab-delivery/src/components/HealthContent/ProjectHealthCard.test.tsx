import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { annotatedEntity } from '../../__testUtils__/entities';
import {
  createEntityHealth,
  createProjectHealth,
} from '../../__testUtils__/health';
import {
  createMockApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { formatAbsoluteTime } from '../../lib/formatTime';
import { EntityGitlabHealthContent } from './EntityGitlabHealthContent';

const OFF_AT = '2025-01-30T08:00:00.000Z';

describe('the auto-sync switch of a project’s health card', () => {
  it('says since when and by whom the scheduled sync is off', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue({
      ...createEntityHealth(),
      projects: [
        createProjectHealth({
          autoSync: false,
          autoSyncChangedBy: 'user:default/jane',
          autoSyncChangedAt: OFF_AT,
        }),
      ],
    });
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    expect(
      await screen.findByText(
        `Scheduled sync off since ${formatAbsoluteTime(
          OFF_AT,
        )}, turned off by user:default/jane.`,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('checkbox', {
        name: 'Scheduled sync of acme/shop',
      }),
    ).not.toBeChecked();
  });

  it('turns the scheduled sync off, and then says who did', async () => {
    const api = createMockApi();
    api.getEntityHealth.mockResolvedValue(createEntityHealth());
    api.setAutoSync.mockResolvedValue({
      enabled: false,
      changedBy: 'user:default/mock',
      changedAt: OFF_AT,
    });
    await renderWithEntity(<EntityGitlabHealthContent />, {
      api,
      entity: annotatedEntity,
    });
    const toggle = await screen.findByRole('checkbox', {
      name: 'Scheduled sync of acme/shop',
    });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(api.setAutoSync).toHaveBeenCalledWith({
      host: 'gitlab.com',
      projectId: 101,
      enabled: false,
    });
    expect(
      screen.getByText(/turned off by user:default\/mock\.$/),
    ).toBeInTheDocument();
  });
});
