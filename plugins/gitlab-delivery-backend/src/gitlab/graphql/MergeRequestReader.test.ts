import { startSimulator } from '@delivery-insights/gitlab-simulator';
import { captureLogger } from '../__testUtils__/captureLogger';
import { simulatorClient } from '../../services/sync/__testUtils__/syncFixtures';
import { MergeRequestReader } from './MergeRequestReader';

describe('MergeRequestReader', () => {
  it('stops a list that keeps answering with another page, with an error naming the fix', async () => {
    const sim = await startSimulator({
      generate: {
        seed: 2,
        projects: 1,
        mrsPerProject: 250,
        now: '2026-11-01T00:00:00Z',
      },
    });
    const client = simulatorClient(sim, captureLogger().logger);
    try {
      const reader = new MergeRequestReader(client, { maxPages: { list: 2 } });
      const project = sim.data.projects.find(
        p => p.mergeRequests.length > 200,
      )!;
      const pages = reader.projectPages(project.path, '2020-01-01T00:00:00Z');
      await pages.next();
      await pages.next();
      await expect(pages.next()).rejects.toThrow(
        /more than 2 pages; the plugin stopped reading them\. Check that integrations\.gitlab\[\]\.apiBaseUrl/,
      );
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
