import {
  graphqlMergeRequest,
  openMergeRequest,
  rest,
  startScenario,
} from '../testing/scenario';

describe('state changes', () => {
  it('records close, reopen and merge as resource state events and writes no status notes (system_notes/issuables_service.rb change_status, resource_events/change_state_service.rb)', async () => {
    const sim = await startScenario({ mergedAtDelayMs: 0 });
    try {
      const iid = openMergeRequest(sim);
      sim.advance(1000);
      sim.act({ action: 'close', project: 'platform/app', iid, user: 'carol' });
      sim.advance(1000);
      sim.act({
        action: 'reopen',
        project: 'platform/app',
        iid,
        user: 'alice',
      });
      sim.advance(1000);
      sim.act({ action: 'merge', project: 'platform/app', iid, user: 'carol' });

      const events = (
        await rest(
          sim,
          `/projects/1/merge_requests/${iid}/resource_state_events`,
        )
      ).body;
      expect(
        events.map((e: any) => [e.state, e.user.username, e.created_at]),
      ).toEqual([
        ['closed', 'carol', '2026-06-01T10:00:01.000Z'],
        ['reopened', 'alice', '2026-06-01T10:00:02.000Z'],
        ['merged', 'carol', '2026-06-01T10:00:03.000Z'],
      ]);
      expect(new Set(events.map((e: any) => e.id)).size).toBe(3);
      expect(
        (await rest(sim, `/projects/1/merge_requests/${iid}/notes`)).body,
      ).toEqual([]);
      expect(
        (await graphqlMergeRequest(sim, iid, 'notes { nodes { body } }')).notes
          .nodes,
      ).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('writes out the events a dataset left implicit before adding new ones', async () => {
    const sim = await startScenario();
    try {
      const iid = openMergeRequest(sim);
      sim.updateMergeRequest(1, iid, {
        state: 'closed',
        closedAt: '2026-06-01T10:00:00.500Z',
        closedById: 3,
      });
      sim.advance(1000);
      sim.act({ action: 'reopen', project: 1, iid, user: 'bob' });
      const events = (
        await rest(
          sim,
          `/projects/1/merge_requests/${iid}/resource_state_events`,
        )
      ).body;
      expect(events.map((e: any) => e.state)).toEqual(['closed', 'reopened']);
    } finally {
      await sim.close();
    }
  });
});
