/*
 * A Backstage backend with the plugin, run as its own process by
 * `loadBackendProcess` so that a test can kill it like a crashing pod. It
 * loads its modules, says 'loaded', and starts once its options arrive.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import { DatabaseMergeRequestStore } from '../database/MergeRequestStore';
import { gitlabDeliveryPlugin } from '../plugin';

/** What the child backend runs with. */
export interface ChildBackendOptions {
  /** The whole app config. */
  config: JsonObject;
  entities: Entity[];
  /**
   * Kill the process with SIGKILL on this page write, counted from 1, while
   * its transaction is open: after the rows and the cursor are written, before
   * the commit.
   */
  killInWrite?: number;
}

function killInWrite(nth: number) {
  // countMergeRequests is the last statement of writePage's transaction.
  const store = DatabaseMergeRequestStore.prototype as unknown as {
    countMergeRequests(...args: unknown[]): Promise<void>;
  };
  const count = store.countMergeRequests;
  let calls = 0;
  store.countMergeRequests = async function killing(this: unknown, ...args) {
    await count.apply(this, args);
    calls += 1;
    if (calls === nth) process.kill(process.pid, 'SIGKILL');
  };
}

async function start(options: ChildBackendOptions) {
  if (options.killInWrite) killInWrite(options.killInWrite);
  // The factories of mockServices.rootConfig and catalogServiceMock, without
  // loading @backstage/backend-test-utils, which slows the start a lot.
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(options.config),
    }),
  );
  backend.add(
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => new InMemoryCatalogClient({ entities: options.entities }),
    }),
  );
  backend.add(gitlabDeliveryPlugin);
  await backend.start();
}

// A test runner that goes away must not leave the backend running.
process.on('disconnect', () => process.exit(1));
process.once('message', message => {
  start(message as ChildBackendOptions).then(
    () => process.send?.('started'),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.send?.('loaded');
