import {
  DatasetProject,
  FIXTURES,
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { Stores } from '../../database/createStores';
import { createGitlabClients } from '../../gitlab/createGitlabClients';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { fingerprint, RefreshTokenStore } from '../../gitlab/RefreshTokenStore';
import { captureLogger } from '../../gitlab/__testUtils__/captureLogger';
import { testDatabases } from '../../__testUtils__/databases';
import {
  createStore,
  simulatorInstance,
  syncService,
} from './__testUtils__/syncFixtures';
import { DefaultSyncService, SyncRunSummary } from './DefaultSyncService';

jest.setTimeout(60_000);

const databases = testDatabases();
const NOW = '2025-06-02T00:00:00.000Z';
const NEW_REFRESH_TOKEN = 'admin-configured-refresh-token-2';

describe.each(databases.eachSupportedId())(
  'OAuth refresh tokens across restarts on %p',
  databaseId => {
    let sim: GitlabSimulator;
    let store: Stores;
    let host: string;
    let projects: DatasetProject[];
    const opened: GitlabClient[] = [];
    const secrets = new Set<string>([
      FIXTURES.oauthRefreshToken,
      NEW_REFRESH_TOKEN,
    ]);
    const { logger, lines } = captureLogger();
    const grants = () => sim.data.oauthApplications![0].refreshTokens;

    /** The clients and the sync as the plugin builds them at startup. */
    function start(
      refreshToken: string = FIXTURES.oauthRefreshToken,
      keepTokens = true,
    ): DefaultSyncService {
      const clients = createGitlabClients({
        config: {
          instances: [
            simulatorInstance(sim, {
              token: undefined,
              oauth: {
                clientId: FIXTURES.oauthClientId,
                clientSecret: FIXTURES.oauthClientSecret,
                refreshToken,
              },
            }),
          ],
          requestTimeoutMs: 5_000,
        },
        logger,
        refreshTokens: keepTokens
          ? new RefreshTokenStore({ tokens: store.tokens, logger })
          : undefined,
      });
      opened.push(...clients.values());
      return syncService(store, clients, {
        logger,
        now: () => DateTime.fromISO(NOW, { zone: 'utc' }),
      });
    }

    /** Shuts every client down, as the backend does before a restart. */
    async function stop() {
      await Promise.all(opened.splice(0).map(c => c.close()));
    }

    async function sync(runner: DefaultSyncService): Promise<SyncRunSummary> {
      const summary = await runner.syncProjects(
        await store.projects.listProjects(),
        'manual',
      );
      grants().forEach(grant => secrets.add(grant.token));
      const saved = await store.tokens.getOAuthToken(host);
      if (saved) secrets.add(saved.refreshToken);
      return summary;
    }

    function changeEveryProject() {
      for (const project of projects) {
        const mr = project.mergeRequests[0];
        sim.updateMergeRequest(project.id, mr.iid, { title: `${mr.title}!` });
      }
    }

    const tokenRequests = () =>
      sim.requests.filter(r => r.kind === 'oauth').map(r => r.status);

    beforeAll(async () => {
      sim = await startSimulator({
        generate: { seed: 11, projects: 2, mrsPerProject: 4, now: NOW },
      });
      host = new URL(sim.url).host;
      projects = sim.data.projects.filter(p => p.mergeRequests.length > 0);
      store = await createStore(databases, databaseId);
      await store.projects.replaceEntity(
        'component:default/shop',
        projects.map(p => ({ host, key: p.path })),
        [],
      );
    });

    afterAll(async () => {
      await stop();
      await sim?.close();
    });

    it('saves the rotated refresh token and starts from it after a restart', async () => {
      const first = await sync(start());
      expect(first).toMatchObject({
        failedProjects: 0,
        projects: projects.length,
      });
      const saved = await store.tokens.getOAuthToken(host);
      expect(saved).toMatchObject({
        refreshToken: grants()[0].token,
        configuredFingerprint: fingerprint(FIXTURES.oauthRefreshToken),
      });
      expect(saved!.refreshToken).not.toBe(FIXTURES.oauthRefreshToken);
      await stop();

      changeEveryProject();
      sim.clearRequests();
      const second = await sync(start());
      expect(second).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: projects.length,
      });
      expect(tokenRequests()).toEqual([200]);
      expect((await store.tokens.getOAuthToken(host))!.refreshToken).toBe(
        grants()[0].token,
      );
      await stop();
    });

    it('fails after a restart when only the configured refresh token is known', async () => {
      sim.clearRequests();
      const summary = await sync(start(FIXTURES.oauthRefreshToken, false));
      expect(summary.failedProjects).toBe(projects.length);
      expect(summary.outcomes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ok: false, code: 'unauthorized' }),
        ]),
      );
      expect(tokenRequests().every(status => status === 400)).toBe(true);
      await stop();
    });

    it('takes the token another replica rotated when GitLab refuses its own', async () => {
      const one = start();
      const other = start();
      changeEveryProject();
      expect((await sync(one)).failedProjects).toBe(0);
      changeEveryProject();
      expect((await sync(other)).failedProjects).toBe(0);

      // The access token of `one` is rejected: it renews with the refresh
      // token `other` has already used, is refused, reads the saved one and
      // retries.
      sim.injectFault({ type: 'status', status: 401, match: /graphql/ });
      changeEveryProject();
      sim.clearRequests();
      expect(await sync(one)).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: projects.length,
      });
      expect(tokenRequests()).toEqual([400, 200]);
      expect((await store.tokens.getOAuthToken(host))!.refreshToken).toBe(
        grants()[0].token,
      );
      await stop();
    });

    it('uses a newly configured refresh token instead of the saved one', async () => {
      const oldChain = grants()[0];
      const savedBefore = (await store.tokens.getOAuthToken(host))!
        .refreshToken;
      expect(savedBefore).toBe(oldChain.token);
      grants().push({
        token: NEW_REFRESH_TOKEN,
        userId: oldChain.userId,
        scopes: oldChain.scopes,
      });

      changeEveryProject();
      sim.clearRequests();
      expect(await sync(start(NEW_REFRESH_TOKEN))).toMatchObject({
        failedProjects: 0,
        mergeRequestsWritten: projects.length,
      });
      expect(tokenRequests()).toEqual([200]);
      // The saved token of the old chain was not used: it still works.
      expect(oldChain.token).toBe(savedBefore);
      expect(grants()[1].token).not.toBe(NEW_REFRESH_TOKEN);
      expect(await store.tokens.getOAuthToken(host)).toMatchObject({
        refreshToken: grants()[1].token,
        configuredFingerprint: fingerprint(NEW_REFRESH_TOKEN),
      });
      expect(lines.join('\n')).toContain(
        `The configured OAuth refresh token for ${host} is new`,
      );
      await stop();

      // After another restart the new chain continues from the database.
      changeEveryProject();
      sim.clearRequests();
      expect((await sync(start(NEW_REFRESH_TOKEN))).failedProjects).toBe(0);
      expect(tokenRequests()).toEqual([200]);
      await stop();
    });

    it('never logs or stores a refresh token in a message', async () => {
      const text = [
        ...lines,
        ...(await store.projects.listProjects()).map(
          p => p.lastErrorMessage ?? '',
        ),
      ].join('\n');
      expect(secrets.size).toBeGreaterThan(4);
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    });
  },
);
