import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  LifecycleServiceShutdownHook,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';

/** A root lifecycle whose shutdown the test runs, to stop the task workers. */
export function testLifecycle() {
  const hooks: LifecycleServiceShutdownHook[] = [];
  const lifecycle = {
    addStartupHook: () => {},
    addBeforeShutdownHook: () => {},
    addShutdownHook: (hook: LifecycleServiceShutdownHook) => hooks.push(hook),
  } as unknown as RootLifecycleService;
  return { lifecycle, shutdown: () => hooks.forEach(hook => hook()) };
}

/** Backstage's own scheduler over a test database, as one replica runs it. */
export function realScheduler(knex: Knex, lifecycle: RootLifecycleService) {
  const noop = { add() {}, record() {} };
  return DefaultSchedulerService.create({
    database: mockServices.database({ knex }),
    logger: mockServices.logger.mock(),
    metrics: {
      createCounter: () => noop,
      createHistogram: () => noop,
      createGauge: () => noop,
      createUpDownCounter: () => noop,
    } as never,
    rootLifecycle: lifecycle,
    httpRouter: mockServices.httpRouter.mock(),
    pluginMetadata: { getId: () => 'gitlab-delivery' },
  });
}
