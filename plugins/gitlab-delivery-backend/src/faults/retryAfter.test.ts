import { mockServices } from '@backstage/backend-test-utils';
import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Stores } from '../database/createStores';
import { GitlabClient } from '../gitlab/GitlabClient';
import { HttpTransport } from '../gitlab/HttpTransport';
import { RateBudget } from '../gitlab/RateBudget';
import { testDatabases } from '../__testUtils__/databases';
import {
  createStore,
  simulatorInstance,
  syncService,
} from '../services/sync/__testUtils__/syncFixtures';
import {
  anHourAgo,
  expectStoreEqualsGitlab,
  listings,
  projectsOf,
} from './__testUtils__/fixtures';

/*
 * GitLab answers 503 with Retry-After when it is in maintenance or
 * overloaded (and 429 with it when rate limited): the sync waits as told,
 * through the host's rate budget, so that every request to the host waits,
 * not only the one that was refused, and then succeeds.
 */

jest.setTimeout(60_000);

const databases = testDatabases();

describe.each(databases.eachSupportedId())(
  'a Retry-After in a sync, on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let store: Stores;
    let gitlab: GitlabClient;

    const host = () => new URL(sim.url).host;

    beforeEach(async () => {
      sim = await startSimulator({
        generate: {
          seed: 41,
          projects: 3,
          mrsPerProject: 300,
          now: anHourAgo(),
        },
        latencyMs: 20,
      });
      store = await createStore(databases, databaseId);
      await store.projects.replaceEntity(
        'component:default/shop',
        projectsOf(sim).map(p => ({ host: host(), key: p.path })),
        [],
      );
      // The real delays: a Retry-After of a second is waited for a second.
      gitlab = new GitlabClient({
        instance: simulatorInstance(sim),
        logger: mockServices.logger.mock(),
        requestTimeoutMs: 30_000,
      });
    });

    afterEach(async () => {
      jest.restoreAllMocks();
      await gitlab.close();
      await sim.close();
    });

    it.each([503, 429])(
      'waits out a %i with Retry-After through the rate budget, holding every request to the host, and syncs',
      async status => {
        const sync = syncService(store, gitlab);
        const [warmUp, refused, other] = projectsOf(sim);
        const due = async (path: string) =>
          (await store.projects.listProjects()).filter(p => p.key === path);
        // A first sync learns what this GitLab's schema has, so that the
        // projects below list in parallel, neither waiting for the other's
        // first query.
        await sync.syncProjects(await due(warmUp.path), 'manual');

        const pauses: Array<{ ms: number; at: number; until: number }> = [];
        const pause = RateBudget.prototype.pause;
        jest
          .spyOn(RateBudget.prototype, 'pause')
          .mockImplementation(function recorded(this: RateBudget, ms) {
            const at = Date.now();
            pause.call(this, ms);
            const until = (this as unknown as { pausedUntil: number })
              .pausedUntil;
            pauses.push({ ms, at, until });
          });
        // When the budget let each request go.
        const grants: number[] = [];
        const acquire = RateBudget.prototype.acquire;
        jest
          .spyOn(RateBudget.prototype, 'acquire')
          .mockImplementation(async function recorded(this: RateBudget) {
            await acquire.call(this);
            grants.push(Date.now());
          });
        const backoff = jest.spyOn(
          HttpTransport.prototype as unknown as { backoff(): Promise<void> },
          'backoff',
        );
        sim.injectFault({
          type: 'status',
          status,
          retryAfterSeconds: 1,
          operation: 'DeliveryMergeRequests',
          variables: { fullPath: refused.path },
        });

        const summary = await sync.syncProjects(
          [...(await due(refused.path)), ...(await due(other.path))],
          'manual',
        );

        expect(summary.failedProjects).toBe(0);
        await expectStoreEqualsGitlab(store, sim);
        // Refused once, then asked again and answered.
        expect(
          listings(sim, refused.path)
            .map(r => r.status)
            .slice(0, 2),
        ).toEqual([status, 200]);
        expect(backoff).not.toHaveBeenCalled();
        // One pause of what Retry-After said, and no request let go during
        // it, the other project's included.
        expect(pauses.map(p => p.ms)).toEqual([1000]);
        const [{ at, until }] = pauses;
        expect(grants.filter(t => t >= at && t < until)).toEqual([]);
        // GitLab saw the refused listing again, and the other project's
        // next requests, only once the pause was over.
        const retried = listings(sim, refused.path)[1];
        expect(Date.parse(retried.at)).toBeGreaterThanOrEqual(until);
        expect(
          listings(sim, other.path).some(r => Date.parse(r.at) >= until),
        ).toBe(true);
      },
    );
  },
);
