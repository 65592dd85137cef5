import { mockServices } from '@backstage/backend-test-utils';
import { HealthRuns } from './HealthRuns';

describe('HealthRuns', () => {
  it('starts at most one run per scope per interval, and none while one runs', async () => {
    let now = 1_000_000;
    const runs = new HealthRuns({
      logger: mockServices.logger.mock(),
      intervalMs: 30_000,
      now: () => now,
    });
    let finish = () => {};
    const slow = () =>
      new Promise<void>(resolve => {
        finish = resolve;
      });

    expect(runs.start('all', slow)).toEqual({ started: true });
    expect(runs.start('all', slow)).toEqual({ retryAfterSeconds: 30 });
    expect(runs.start('component:default/a', async () => {})).toEqual({
      started: true,
    });

    now += 31_000;
    expect(runs.start('all', slow)).toEqual({ retryAfterSeconds: 1 });
    finish();
    await runs.idle();
    expect(runs.start('all', async () => {})).toEqual({ started: true });
    now += 10_000;
    expect(runs.start('all', async () => {})).toEqual({
      retryAfterSeconds: 20,
    });
  });

  it('logs a failed run instead of throwing', async () => {
    const logger = mockServices.logger.mock();
    const runs = new HealthRuns({ logger });
    runs.start('all', async () => {
      throw new Error('boom');
    });
    await runs.idle();
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('boom'));
  });
});
