import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { CURSORS, MERGE_REQUESTS } from '../database/tables';
import {
  BackendProcess,
  killSpareBackend,
  LoadedBackend,
  takeBackendProcess,
} from '../__testUtils__/backendProcess';
import { testDatabases } from '../__testUtils__/databases';
import {
  SharedDatabase,
  sharedDatabase,
} from '../__testUtils__/sharedDatabase';
import {
  expectedRecords,
  storedRecords,
} from '../services/sync/__testUtils__/syncFixtures';
import {
  anHourAgo,
  backendConfig,
  componentsOf,
  expectStoreEqualsGitlab,
  listings,
  projectsOf,
  syncTaskRow,
  variables,
  waitFor,
} from './__testUtils__/fixtures';

/*
 * A backend killed with SIGKILL in its first sync, as when a pod is OOM
 * killed or its node goes away: no shutdown hook runs, the scheduler's lock
 * stays taken, a transaction may be open. Restarted on the same database it
 * syncs again, and the store ends equal to GitLab's data.
 */

jest.setTimeout(90_000);

const databases = testDatabases();
const PAGE = 100;

/** A record with the titles of its GitLab issues left out. */
function withoutIssueTitles<
  T extends { relatedTickets: Array<{ kind: string; title?: string }> },
>(record: T): T {
  return {
    ...record,
    relatedTickets: record.relatedTickets.map(t =>
      t.kind === 'gitlab_issue' ? { ...t, title: undefined } : t,
    ),
  };
}

describe.each(databases.eachSupportedId())(
  'a backend killed in its first sync, on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let db: SharedDatabase;
    const processes: LoadedBackend[] = [];

    beforeEach(async () => {
      // Two projects of three pages each; with the latency a first sync
      // takes seconds.
      sim = await startSimulator({
        generate: {
          seed: 11,
          projects: 2,
          mrsPerProject: 3 * PAGE,
          now: anHourAgo(),
        },
        latencyMs: 100,
      });
      db = await sharedDatabase(databases, databaseId);
    });

    afterEach(async () => {
      await Promise.all(processes.splice(0).map(p => p.kill()));
      await sim.close();
      await db.close();
    });

    afterAll(() => killSpareBackend());

    function load(): LoadedBackend {
      const loaded = takeBackendProcess();
      processes.push(loaded);
      return loaded;
    }

    function options(killInWrite?: number) {
      return {
        // One project at a time, so that a kill between pages finds no
        // other project's write under way.
        config: backendConfig(sim, db, { concurrency: 1 }),
        entities: componentsOf(sim),
        killInWrite,
      };
    }

    const host = () => new URL(sim.url).host;

    /** Pages after the first asked for, over every project. */
    const nextPages = () =>
      listings(sim).filter(r => variables(r).after !== null).length;

    /** What is stored now: whole pages of GitLab's data, each with its cursor. */
    async function expectWholePages(pages: number) {
      const stores = await db.stores();
      const stored = await storedRecords(stores, host(), projectsOf(sim));
      expect(stored).toHaveLength(pages * PAGE);
      const expected = expectedRecords(sim, projectsOf(sim));
      // The titles of the issues MRs name are read at the end of a project's
      // sync, which the kill cut short: such MRs are stored without them and
      // marked to be read again.
      expect(stored.map(withoutIssueTitles)).toEqual(
        expected
          .filter(e =>
            stored.some(s => s.projectId === e.projectId && s.iid === e.iid),
          )
          .map(withoutIssueTitles),
      );
      const untitled = stored.filter(s =>
        s.relatedTickets.some(t => t.kind === 'gitlab_issue' && !t.title),
      );
      expect(untitled.length).toBeGreaterThan(0);
      const rechecked = await (await db.knex())(MERGE_REQUESTS)
        .where({ host: host(), recheck: true, list_digest: null })
        .select('project_id', 'iid');
      expect(rechecked.map(r => `${r.project_id}!${r.iid}`)).toEqual(
        expect.arrayContaining(untitled.map(s => `${s.projectId}!${s.iid}`)),
      );
      // The cursor was written in the page's transaction: it is the newest
      // change among the rows stored, not one of the lost page.
      for (const project of projectsOf(sim)) {
        const rows = stored.filter(s => s.projectId === project.id);
        const cursor = await (await db.knex())(CURSORS)
          .where({ host: host(), project_id: project.id })
          .first();
        if (rows.length === 0) {
          expect(cursor?.updated_at ?? null).toBeNull();
        } else {
          expect(Number(cursor.updated_at)).toBe(
            Math.max(...rows.map(r => Date.parse(r.updatedAt))),
          );
        }
      }
    }

    /**
     * Starts the next backend once the killed run's lock has expired, and
     * waits for every project to sync. The scheduler frees a run's lock once
     * its `current_run_expires_at` (claim time + `schedule.timeout`) has
     * passed, in its janitor pass at startup and then every minute: with the
     * default 4-minute timeout a restarted backend syncs again within 5
     * minutes. The test starts it after the expiry, so the startup pass
     * frees the lock at once.
     */
    async function restartAndSync(killed: BackendProcess, next: LoadedBackend) {
      const knex = await db.knex();
      expect((await syncTaskRow(knex)).current_run_ticket).not.toBeNull();
      await waitFor(
        'the killed run lock to expire',
        async () => (await syncTaskRow(knex)).expired,
        { timeoutMs: 20_000 },
      );
      const restarted = await next.start(options());
      const stores = await db.stores();
      await waitFor(
        'every project to sync after the restart',
        async () =>
          (
            await stores.projects.listProjects()
          ).every(p => p.lastSuccessAt !== null),
        { details: () => `${killed.output()}\n---\n${restarted.output()}` },
      );
      await restarted.stop();
      await expectStoreEqualsGitlab(stores, sim);
      for (const project of await stores.projects.listProjects()) {
        expect(project).toMatchObject({
          lastErrorCode: null,
          mergeRequestCount: 3 * PAGE,
        });
      }
    }

    it('syncs everything after a restart when killed between two pages', async () => {
      const backend = await load().start(options());
      const next = load();
      await waitFor(
        'the second page to be answered',
        () =>
          listings(sim).some(
            r => variables(r).after !== null && r.status === 200,
          ),
        { intervalMs: 5 },
      );
      // The third page hangs, so the kill finds the sync waiting for GitLab:
      // two pages written and committed, none being written.
      sim.injectFault({
        type: 'timeout',
        operation: 'DeliveryMergeRequests',
        times: 100,
      });
      await waitFor('the third page', () => nextPages() >= 2);
      await backend.kill();
      expect(await backend.exited).toBe('SIGKILL');
      sim.clearFaults();

      await expectWholePages(2);
      const killedAt = sim.requests[sim.requests.length - 1].seq;
      const [first] = listings(sim);
      await restartAndSync(backend, next);
      // The restarted sync resumes the project from its cursor, less the
      // look-back, rather than from the start of the backfill.
      const resumed = listings(sim, variables(first).fullPath)
        .filter(r => r.seq > killedAt)
        .find(r => variables(r).after === null)!;
      expect(Date.parse(variables(resumed).updatedAfter)).toBeGreaterThan(
        Date.parse(variables(first).updatedAfter),
      );
    });

    it('syncs everything after a restart when killed inside a page write', async () => {
      const backend = await load().start(options(2));
      const next = load();
      expect(await backend.exited).toBe('SIGKILL');

      // The second page's transaction never committed: its rows and its
      // cursor are gone, the first page stays.
      await expectWholePages(1);
      await restartAndSync(backend, next);
    });
  },
);
