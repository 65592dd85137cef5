import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GitlabSimulator,
  loadDataset,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { Knex } from 'knex';
import request from 'supertest';
import { gitlabDeliveryPlugin } from './plugin';
import { testDatabases } from './__testUtils__/databases';

/*
 * GitLab behaviours a sync must survive, each from GitLab's source, driven
 * through the plugin's own API (POST /sync) and read back from its tables.
 */

jest.setTimeout(60_000);

const databases = testDatabases();
const MRS = 'gitlab_delivery_merge_requests';
const RUNS = 'gitlab_delivery_sync_runs';

const dataset = loadDataset({
  users: [
    { id: 1, username: 'alice', name: 'Alice' },
    { id: 2, username: 'bob', name: 'Bob' },
    { id: 3, username: 'carol', name: 'Carol' },
    { id: 5, username: 'backstage', name: 'Backstage' },
  ],
  tokens: [
    {
      token: 'glpat-behaviours',
      name: 'backstage',
      userId: 5,
      scopes: ['read_api'],
    },
  ],
  groups: [
    {
      id: 100,
      path: 'team',
      members: [
        { userId: 1, accessLevel: 30 },
        { userId: 2, accessLevel: 30 },
        { userId: 3, accessLevel: 40 },
        { userId: 5, accessLevel: 20 },
      ],
    },
  ],
  projects: [{ id: 42, path: 'team/app', members: [], mergeRequests: [] }],
});

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

interface Harness {
  sim: GitlabSimulator;
  knex: Knex;
  sync(body?: Record<string, unknown>): Promise<void>;
  stored(iid: number, projectId?: number): Promise<Record<string, any>>;
  create(title: string): number;
}

describe.each(databases.eachSupportedId())(
  'GitLab behaviours on %p',
  databaseId => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await Promise.all(cleanups.splice(0).map(cleanup => cleanup()));
    });

    async function harness(
      options: { replicaLagMs?: number; mergedAtDelayMs?: number } = {},
    ): Promise<Harness> {
      // A frozen clock from now on: GitLab's timing moves only with advance().
      const sim = await startSimulator({
        dataset,
        now: Date.now(),
        replicaLagMs: options.replicaLagMs,
        mergedAtDelayMs: options.mergedAtDelayMs,
      });
      const knex = await databases.init(databaseId);
      const host = new URL(sim.url).host;
      const { server } = await startTestBackend({
        features: [
          gitlabDeliveryPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                gitlab: [
                  {
                    host,
                    apiBaseUrl: `${sim.url}/api/v4`,
                    token: 'glpat-behaviours',
                  },
                ],
              },
              gitlabDelivery: { backfillDays: 30, syncCooldownSeconds: 0 },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              component('app', { 'gitlab.com/project-slug': 'team/app' }),
              component('app-by-id', { 'gitlab.com/project-id': '42' }),
            ],
          }),
        ],
      });
      cleanups.push(() => sim.close());
      const runs = async () =>
        Number(
          (await knex(RUNS).whereNotNull('finished_at').count({ n: '*' }))[0].n,
        );
      return {
        sim,
        knex,
        async sync(body = {}) {
          const before = await runs();
          const res = await request(server)
            .post('/api/gitlab-delivery/sync')
            .send(body);
          expect(res.status).toBe(202);
          for (let i = 0; i < 200 && (await runs()) === before; i++) {
            await new Promise(resolve => setTimeout(resolve, 25));
          }
          // A run may be followed by another for a request queued meanwhile.
          await new Promise(resolve => setTimeout(resolve, 50));
        },
        async stored(iid, projectId = 42) {
          return knex(MRS).where({ project_id: projectId, iid }).first();
        },
        create(title) {
          const mr = sim.act({
            action: 'create',
            project: 'team/app',
            author: 'alice',
            title,
          });
          return Number(mr.iid);
        },
      };
    }

    it('reads a comment made within a minute of the last touch, which moves no updated_at (throttled_touch.rb)', async () => {
      const h = await harness();
      const iid = h.create('feat: refunds');
      await h.sync();
      expect((await h.stored(iid)).first_comment_at).toBeNull();
      h.sim.advance(30_000);
      h.sim.act({
        action: 'comment',
        project: 'team/app',
        iid,
        user: 'bob',
        body: 'LGTM',
      });
      const commentedAt = Date.parse(h.sim.now());
      h.sim.advance(15 * 60_000);
      await h.sync();
      expect(Number((await h.stored(iid)).first_comment_at)).toBe(
        Math.floor(commentedAt / 1000) * 1000,
      );
    });

    it('reads an approval whose note GitLab writes later, touching nothing (approval_service.rb)', async () => {
      const h = await harness();
      const iid = h.create('feat: approvals');
      await h.sync();
      h.sim.advance(10_000);
      h.sim.act({ action: 'approve', project: 'team/app', iid, user: 'carol' });
      h.sim.advance(5_000);
      await h.sync();
      expect((await h.stored(iid)).first_approved_at).not.toBeNull();
    });

    it('tells two changes in the same second apart, though GraphQL times are whole seconds (time_type.rb)', async () => {
      const h = await harness();
      const iid = h.create('feat: first title');
      h.sim.advance(60_000 + (1000 - (Date.parse(h.sim.now()) % 1000)) + 100);
      h.sim.act({
        action: 'update',
        project: 'team/app',
        iid,
        title: 'feat: second title',
      });
      await h.sync();
      h.sim.advance(300);
      h.sim.act({
        action: 'update',
        project: 'team/app',
        iid,
        description: 'Written in the same second',
      });
      await h.sync();
      expect(await h.stored(iid)).toMatchObject({
        title: 'feat: second title',
        description: 'Written in the same second',
      });
    });

    it('reads merged_at written after the merged state, with no touch (post_merge_service.rb)', async () => {
      const h = await harness({ mergedAtDelayMs: 5_000 });
      const iid = h.create('feat: merge me');
      h.sim.advance(60_000);
      h.sim.act({ action: 'merge', project: 'team/app', iid, user: 'carol' });
      await h.sync();
      expect(await h.stored(iid)).toMatchObject({
        state: 'merged',
        merged_at: null,
      });
      h.sim.advance(20 * 60_000);
      await h.sync();
      expect((await h.stored(iid)).merged_at).not.toBeNull();
    });

    it('leaves out an approval its giver withdrew: the approval note stays (remove_approval_service.rb)', async () => {
      const h = await harness();
      const iid = h.create('feat: withdrawn');
      h.sim.advance(60_000);
      h.sim.act({ action: 'approve', project: 'team/app', iid, user: 'bob' });
      h.sim.advance(5 * 60_000);
      h.sim.act({ action: 'unapprove', project: 'team/app', iid, user: 'bob' });
      h.sim.advance(5 * 60_000);
      await h.sync();
      expect((await h.stored(iid)).first_approved_at).toBeNull();
    });

    it('takes close times from state events; GitLab writes no close note (change_state_service.rb)', async () => {
      const h = await harness();
      const iid = h.create('spike: try a cache');
      h.sim.advance(60_000);
      h.sim.act({ action: 'close', project: 'team/app', iid, user: 'alice' });
      const closedAt = Math.floor(Date.parse(h.sim.now()) / 1000) * 1000;
      h.sim.advance(5 * 60_000);
      await h.sync();
      expect(await h.stored(iid)).toMatchObject({ state: 'closed' });
      expect(Number((await h.stored(iid)).closed_at)).toBe(closedAt);
    });

    it('reads a change GitLab stamped before the newest one it had shown (clock skew between nodes)', async () => {
      const h = await harness();
      const early = h.create('feat: early');
      h.sim.advance(60_000);
      const late = h.create('feat: late');
      await h.sync();
      const before = Date.parse(h.sim.now()) - 30_000;
      h.sim.act({
        action: 'update',
        project: 'team/app',
        iid: early,
        title: 'feat: stamped late',
        updatedAt: new Date(before).toISOString(),
      });
      await h.sync();
      expect((await h.stored(early)).title).toBe('feat: stamped late');
      expect((await h.stored(late)).title).toBe('feat: late');
    });

    it('removes an MR deleted in GitLab on a full sync', async () => {
      const h = await harness();
      const kept = h.create('feat: kept');
      const gone = h.create('feat: deleted');
      await h.sync();
      expect(await h.stored(gone)).toBeDefined();
      h.sim.act({ action: 'delete', project: 'team/app', iid: gone });
      await h.sync({ full: true });
      expect(await h.stored(gone)).toBeUndefined();
      expect(await h.stored(kept)).toBeDefined();
    });

    it('stores an MR that a lagging replica hides from follow-up reads', async () => {
      const h = await harness({ replicaLagMs: 60_000 });
      const iid = h.create('feat: fresh');
      h.sim.act({
        action: 'comment',
        project: 'team/app',
        iid,
        user: 'bob',
        body: 'Nice',
      });
      await h.sync();
      expect(await h.stored(iid)).toMatchObject({ title: 'feat: fresh' });
    });

    it('keeps an id on its project and follows a path to the project that took it (routable.rb, route.rb)', async () => {
      const h = await harness();
      const original = h.create('feat: in the original project');
      await h.sync();
      h.sim.act({
        action: 'move',
        project: 'team/app',
        to: 'team/app-archive',
      });
      const taken = h.sim.act({
        action: 'createProject',
        path: 'team/app',
        members: [{ username: 'backstage', accessLevel: 20 }],
      });
      const newId = Number(taken.id);
      const newMr = Number(
        h.sim.act({
          action: 'create',
          project: newId,
          author: 'alice',
          title: 'feat: in the new project',
        }).iid,
      );
      h.sim.advance(5 * 60_000);
      await h.sync();
      const keys = await h
        .knex('gitlab_delivery_projects')
        .orderBy('project_key');
      expect(
        keys.map(k => [k.project_key, Number(k.project_id), k.path]),
      ).toEqual([
        ['#42', 42, 'team/app-archive'],
        ['team/app', newId, 'team/app'],
      ]);
      expect(await h.stored(original, 42)).toBeDefined();
      expect(await h.stored(newMr, newId)).toMatchObject({
        title: 'feat: in the new project',
      });
    });

    it('lists a project named by id in one entity and by path in another once per sync, and never asks REST for approvals or closing issues', async () => {
      const h = await harness();
      h.create('feat: one');
      h.create('feat: two');
      await h.sync();
      h.sim.advance(60_000);
      h.sim.act({
        action: 'update',
        project: 'team/app',
        iid: 1,
        title: 'feat: one, again',
      });
      h.sim.clearRequests();
      await h.sync();
      const lists = h.sim.requests.filter(r =>
        /^Delivery(MergeRequests|MergeRequestNotes)$/.test(
          r.operationName ?? '',
        ),
      );
      expect(
        lists.filter(r => r.operationName === 'DeliveryMergeRequests'),
      ).toHaveLength(1);
      expect(
        h.sim.requests.filter(r => /\/(approvals|closes_issues)$/.test(r.path)),
      ).toEqual([]);
    });
  },
);
