import { graphql } from '../testing/client';
import {
  graphqlMergeRequest,
  openMergeRequest,
  rest,
  START,
  startScenario,
} from '../testing/scenario';

const LIST = `query($p: ID!) { project(fullPath: $p) { mergeRequests(sort: UPDATED_ASC) { nodes { iid updatedAt } } } }`;

describe('deleted, late and lagging merge requests', () => {
  it('removes a deleted merge request from every list and lookup and never reuses its iid', async () => {
    const sim = await startScenario();
    try {
      openMergeRequest(sim);
      const doomed = openMergeRequest(sim);
      sim.act({ action: 'delete', project: 'platform/app', iid: doomed });
      expect(
        (await rest(sim, '/projects/1/merge_requests')).body.map(
          (m: any) => m.iid,
        ),
      ).toEqual([1]);
      const single = await rest(sim, `/projects/1/merge_requests/${doomed}`);
      expect(single.status).toBe(404);
      expect(
        (await rest(sim, `/projects/1/merge_requests/${doomed}/notes`)).status,
      ).toBe(404);
      expect(await graphqlMergeRequest(sim, doomed, 'iid')).toBeNull();
      const list = await graphql(
        sim,
        LIST,
        { p: 'platform/app' },
        'glpat-reader',
      );
      expect(
        list.body.data.project.mergeRequests.nodes.map((n: any) => n.iid),
      ).toEqual(['1']);
      expect(openMergeRequest(sim)).toBe(3);
    } finally {
      await sim.close();
    }
  });

  it('can show a merge request whose updated_at is older than one already seen: Rails stamps it on the app node and commits later (notes_finder.rb FETCH_OVERLAP)', async () => {
    const sim = await startScenario();
    try {
      openMergeRequest(sim);
      sim.advance(30_000);
      const seen = (
        await rest(
          sim,
          '/projects/1/merge_requests?order_by=updated_at&sort=desc',
        )
      ).body;
      expect(seen.map((m: any) => m.updated_at)).toEqual([START]);
      sim.advance(10_000);
      const late = sim.act({
        action: 'create',
        project: 'platform/app',
        author: 'bob',
        title: 'fix: stamped before the last one was seen',
        createdAt: new Date(Date.parse(START) - 20_000).toISOString(),
      });
      const after = (
        await rest(
          sim,
          `/projects/1/merge_requests?updated_after=${encodeURIComponent(
            START,
          )}`,
        )
      ).body;
      expect(after.map((m: any) => m.iid)).toEqual([1]);
      const all = (
        await rest(
          sim,
          '/projects/1/merge_requests?order_by=updated_at&sort=asc',
        )
      ).body;
      expect(all.map((m: any) => m.iid)).toEqual([late.iid, 1]);
    } finally {
      await sim.close();
    }
  });

  it('lets follow-up reads see the state from before a change for replicaLagMs while lists are current', async () => {
    const sim = await startScenario({ replicaLagMs: 2000 });
    try {
      const iid = openMergeRequest(sim, 'feat: first title');
      sim.advance(5000);
      sim.act({
        action: 'update',
        project: 'platform/app',
        iid,
        title: 'feat: second title',
      });
      const list = (await rest(sim, '/projects/1/merge_requests')).body;
      expect(list[0].title).toBe('feat: second title');
      expect(
        (await rest(sim, `/projects/1/merge_requests/${iid}`)).body.title,
      ).toBe('feat: first title');
      expect((await graphqlMergeRequest(sim, iid, 'title')).title).toBe(
        'feat: first title',
      );

      const created = openMergeRequest(sim, 'feat: brand new');
      expect(
        (await rest(sim, `/projects/1/merge_requests/${created}`)).status,
      ).toBe(404);

      sim.advance(2000);
      expect(
        (await rest(sim, `/projects/1/merge_requests/${iid}`)).body.title,
      ).toBe('feat: second title');
      expect(
        (await rest(sim, `/projects/1/merge_requests/${created}`)).status,
      ).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
