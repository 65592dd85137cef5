import {
  Fault,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { Stores } from '../../database/createStores';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { captureLogger } from '../../gitlab/__testUtils__/captureLogger';
import { testDatabases } from '../../__testUtils__/databases';
import {
  createStore,
  DEMO_TOKEN,
  expectedRecords,
  simulatorClient,
  storedRecords,
  syncService,
} from './__testUtils__/syncFixtures';
import { ProjectSyncOutcome } from './HostSync';

jest.setTimeout(60_000);

const databases = testDatabases();
const NOW = '2025-06-02T00:00:00.000Z';
const GRAPHQL = /^\/api\/graphql$/;

type Failed = Extract<ProjectSyncOutcome, { ok: false }>;

describe.each(databases.eachSupportedId())(
  'the sync under failures on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let store: Stores;
    const clients: GitlabClient[] = [];
    const { logger, lines } = captureLogger();

    function runner(gitlab: GitlabClient) {
      return syncService(store, gitlab, {
        logger,
        now: () => DateTime.fromISO(NOW, { zone: 'utc' }),
      });
    }

    function client(token = DEMO_TOKEN) {
      const created = simulatorClient(sim, logger, { token }, 300);
      clients.push(created);
      return created;
    }

    beforeAll(async () => {
      sim = await startSimulator({
        generate: { seed: 5, projects: 3, mrsPerProject: 12, now: NOW },
      });
      store = await createStore(databases, databaseId);
      await store.projects.replaceEntity(
        'component:default/shop',
        sim.data.projects.map(p => ({
          host: new URL(sim.url).host,
          key: p.path,
        })),
        [],
      );
      await runner(client()).syncProjects(
        await store.projects.listProjects(),
        'schedule',
      );
    });

    afterAll(async () => {
      await Promise.all(clients.map(c => c.close()));
      await sim?.close();
    });

    it('syncs every project first', async () => {
      const projects = await store.projects.listProjects();
      expect(projects.every(p => p.lastSuccessAt !== null)).toBe(true);
      expect(
        await storedRecords(store, new URL(sim.url).host, sim.data.projects),
      ).toEqual(expectedRecords(sim, sim.data.projects));
    });

    /** Changes one MR of every project, so each has something to sync. */
    function changeEveryProject() {
      for (const project of sim.data.projects) {
        const mr = project.mergeRequests[0];
        if (mr)
          sim.updateMergeRequest(project.id, mr.iid, { title: `${mr.title}!` });
      }
    }

    async function expectNoSecrets(outcomes: ProjectSyncOutcome[]) {
      for (const outcome of outcomes) {
        expect(JSON.stringify(outcome)).not.toMatch(/glpat-|demo-token/);
      }
      for (const project of await store.projects.listProjects()) {
        expect(project.lastErrorMessage ?? '').not.toMatch(/glpat-|demo-token/);
      }
    }

    it.each<[string, Fault, string, string]>([
      [
        '401',
        { type: 'status', status: 401, match: GRAPHQL },
        'unauthorized',
        'integrations.gitlab[].token',
      ],
      [
        '403',
        { type: 'status', status: 403, match: GRAPHQL },
        'forbidden',
        'Reporter',
      ],
      [
        '403 insufficient_scope',
        {
          type: 'status',
          status: 403,
          match: GRAPHQL,
          body: {
            error: 'insufficient_scope',
            error_description:
              'The request requires higher privileges than provided by the access token.',
            scope: 'api read_api',
          },
        },
        'insufficient_scope',
        'read_api',
      ],
      [
        '404',
        { type: 'status', status: 404, match: GRAPHQL },
        'not_found',
        'apiBaseUrl',
      ],
      [
        '429 that persists',
        {
          type: 'status',
          status: 429,
          match: GRAPHQL,
          times: 4,
          retryAfterSeconds: 1,
        },
        'rate_limited',
        'requestsPerMinute',
      ],
      [
        '5xx',
        { type: 'status', status: 502, match: GRAPHQL, times: 4 },
        'server_error',
        'try again later',
      ],
      [
        'malformed JSON',
        { type: 'malformed', match: GRAPHQL },
        'invalid_response',
        'malformed JSON',
      ],
      [
        'an HTML page',
        { type: 'html', match: GRAPHQL },
        'invalid_response',
        'HTML page',
      ],
      [
        'timeout',
        { type: 'timeout', match: GRAPHQL, times: 4 },
        'timeout',
        'requestTimeoutSeconds',
      ],
      [
        'connection reset',
        { type: 'reset', match: GRAPHQL, times: 4 },
        'network',
        'reset',
      ],
    ])(
      'records %s for one project and syncs the others',
      async (_name, fault, code, fix) => {
        changeEveryProject();
        const projects = await store.projects.listProjects();
        const [failing, ...others] = projects;
        const failingData = sim.data.projects.find(
          p => p.path === failing.key,
        )!;
        const before = await storedRecords(store, new URL(sim.url).host, [
          failingData,
        ]);

        sim.injectFault(
          fault.match === GRAPHQL
            ? {
                ...fault,
                operation: 'DeliveryMergeRequests',
                variables: { fullPath: failing.key },
              }
            : fault,
        );
        const summary = await runner(client()).syncProjects(projects, 'manual');
        sim.clearFaults();

        const outcome = summary.outcomes.find(
          o => o.key === failing.key,
        ) as Failed;
        expect(outcome).toMatchObject({ key: failing.key, ok: false, code });
        expect(outcome.message).toContain(fix);
        expect(
          summary.outcomes
            .filter(o => o.key !== failing.key)
            .every(o => 'ok' in o && o.ok),
        ).toBe(true);
        expect(summary.failedProjects).toBe(1);

        // The failing project kept its rows; the others stored their change.
        expect(
          await storedRecords(store, new URL(sim.url).host, [failingData]),
        ).toEqual(before);
        const otherData = sim.data.projects.filter(p =>
          others.some(o => o.key === p.path),
        );
        expect(
          await storedRecords(store, new URL(sim.url).host, otherData),
        ).toEqual(expectedRecords(sim, otherData));
        const stored = await store.projects.getProject(failing);
        expect(stored).toMatchObject({
          lastErrorCode: code,
          lastErrorMessage: outcome.message,
        });
        await expectNoSecrets(summary.outcomes);
      },
    );

    it('recovers from a 429 after waiting for Retry-After', async () => {
      changeEveryProject();
      sim.injectFault({
        type: 'status',
        status: 429,
        match: GRAPHQL,
        retryAfterSeconds: 1,
      });
      const summary = await runner(client()).syncProjects(
        await store.projects.listProjects(),
        'manual',
      );
      expect(summary.failedProjects).toBe(0);
      expect(
        await storedRecords(store, new URL(sim.url).host, sim.data.projects),
      ).toEqual(expectedRecords(sim, sim.data.projects));
      for (const project of await store.projects.listProjects()) {
        expect(project.lastErrorCode).toBeNull();
      }
    });

    it.each([
      ['glpat-revoked', 'unauthorized', 'revoked'],
      // GitLab's GraphQL answers 401 to a token without an API scope.
      ['glpat-noscope', 'unauthorized', 'read_api'],
    ])(
      'reports a bad token (%s) on every project without losing rows',
      async (token, code, words) => {
        changeEveryProject();
        const host = new URL(sim.url).host;
        const before = await storedRecords(store, host, sim.data.projects);
        const summary = await runner(client(token)).syncProjects(
          await store.projects.listProjects(),
          'manual',
        );
        expect(summary.failedProjects).toBe(sim.data.projects.length);
        for (const outcome of summary.outcomes as Failed[]) {
          expect(outcome.code).toBe(code);
          expect(outcome.message).toContain(words);
          expect(outcome.message).not.toContain(token);
        }
        expect(await storedRecords(store, host, sim.data.projects)).toEqual(
          before,
        );
      },
    );

    it('explains a missing project and an unknown instance', async () => {
      const host = new URL(sim.url).host;
      await store.projects.replaceEntity(
        'component:default/broken',
        [
          { host, key: 'platform/payments/no-such-project' },
          { host: 'gitlab.unknown.example', key: 'group/project' },
        ],
        [],
      );
      const projects = (await store.projects.listProjects()).filter(
        p =>
          p.key === 'platform/payments/no-such-project' ||
          p.host === 'gitlab.unknown.example',
      );
      const summary = await runner(client()).syncProjects(projects, 'manual');
      const byKey = new Map(summary.outcomes.map(o => [o.key, o as Failed]));
      expect(byKey.get('platform/payments/no-such-project')).toMatchObject({
        code: 'not_found',
      });
      expect(byKey.get('platform/payments/no-such-project')!.message).toMatch(
        /gitlab\.com\/project-slug.*Reporter/,
      );
      expect(byKey.get('group/project')).toMatchObject({
        code: 'unknown_instance',
      });
      expect(byKey.get('group/project')!.message).toContain(
        'integrations.gitlab',
      );
      expect(
        await store.projects.getProject({
          host: 'gitlab.unknown.example',
          key: 'group/project',
        }),
      ).toMatchObject({
        lastErrorCode: 'unknown_instance',
      });
    });

    it('wrote no credential to any log line in the tests above', () => {
      expect(lines.some(line => line.startsWith('warn'))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/glpat-|demo-token/);
    });
  },
);
