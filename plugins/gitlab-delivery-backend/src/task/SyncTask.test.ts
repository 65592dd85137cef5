import { mockServices } from '@backstage/backend-test-utils';
import { CatalogProjectSource } from '../catalog/CatalogProjectSource';
import { Store } from '../database/types';
import { SyncTask } from './SyncTask';

function setup(refresh: () => Promise<number>) {
  const syncProjects = jest.fn(
    async (_projects: unknown[], _trigger: string) => {},
  );
  const store = {
    listProjects: jest.fn(async () => []),
    getEntity: jest.fn(async () => undefined),
  } as unknown as Store;
  const task = new SyncTask({
    source: { refresh } as unknown as CatalogProjectSource,
    store,
    syncer: { syncProjects },
    logger: mockServices.logger.mock(),
    catalogRetryMs: 1,
  });
  return { task, syncProjects };
}

describe('SyncTask', () => {
  it('runs one sync at a time and a scheduled run after a manual one', async () => {
    let release = () => {};
    const { task, syncProjects } = setup(async () => 1);
    syncProjects.mockImplementationOnce(
      () => new Promise<void>(resolve => (release = resolve)),
    );

    expect(task.trigger('component:default/a')).toBe(true);
    expect(task.trigger()).toBe(false);
    const scheduled = task.runScheduled();
    await new Promise(resolve => setImmediate(resolve));
    release();
    await scheduled;

    expect(syncProjects.mock.calls.map(call => call[1])).toEqual([
      'manual',
      'schedule',
    ]);
  });

  it('reads the catalog again soon when it named no project', async () => {
    const refresh = jest
      .fn()
      .mockRejectedValueOnce(new Error('catalog unavailable'))
      .mockResolvedValueOnce(0)
      .mockResolvedValue(3);
    const { task } = setup(refresh);

    await task.runScheduled();
    for (let i = 0; i < 50 && refresh.mock.calls.length < 3; i++) {
      await new Promise(resolve => setTimeout(resolve, 5));
      await task.idle();
    }
    expect(refresh).toHaveBeenCalledTimes(3);
  });
});
