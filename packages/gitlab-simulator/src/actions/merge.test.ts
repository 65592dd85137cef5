import type { GitlabSimulator } from '../server';
import {
  graphqlMergeRequest,
  openMergeRequest,
  rest,
  START,
  startScenario,
} from '../testing/scenario';

const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

describe('merging', () => {
  let sim: GitlabSimulator;
  let iid: number;
  beforeEach(async () => {
    sim = await startScenario({ mergedAtDelayMs: 3000 });
    iid = openMergeRequest(sim);
    sim.advance(60_000);
  });
  afterEach(() => sim.close());

  it('commits the merged state before merged_at, which comes later without a touch (post_merge_service.rb, merge_request_metrics_service.rb)', async () => {
    const answer = sim.act({
      action: 'merge',
      project: 'platform/app',
      iid,
      user: 'carol',
    });
    expect(answer).toMatchObject({ state: 'merged', merged_at: null });
    const between = (await rest(sim, `/projects/1/merge_requests/${iid}`)).body;
    expect(between).toMatchObject({
      state: 'merged',
      merged_at: null,
      updated_at: at(60_000),
    });
    expect(await graphqlMergeRequest(sim, iid, 'state mergedAt')).toEqual({
      state: 'merged',
      mergedAt: null,
    });

    sim.advance(3000);
    const after = (await rest(sim, `/projects/1/merge_requests/${iid}`)).body;
    expect(after).toMatchObject({
      state: 'merged',
      merged_at: at(63_000),
      updated_at: at(60_000),
      merge_user: expect.objectContaining({ username: 'carol' }),
    });
  });

  it('takes the delay per merge from mergedAtDelaySeconds', async () => {
    sim.act({
      action: 'merge',
      project: 'platform/app',
      iid,
      user: 'carol',
      mergedAtDelaySeconds: 0,
    });
    expect(
      (await rest(sim, `/projects/1/merge_requests/${iid}`)).body.merged_at,
    ).toBe(at(60_000));
  });

  it('refuses drafts, merged merge requests and users without Developer access', () => {
    sim.act({ action: 'update', project: 'platform/app', iid, draft: true });
    expect(() =>
      sim.act({ action: 'merge', project: 'platform/app', iid, user: 'carol' }),
    ).toThrow(/draft/);
    sim.act({ action: 'update', project: 'platform/app', iid, draft: false });
    expect(() =>
      sim.act({
        action: 'merge',
        project: 'platform/app',
        iid,
        user: 'reader',
      }),
    ).toThrow(/Developer/);
    sim.act({ action: 'merge', project: 'platform/app', iid, user: 'carol' });
    expect(() =>
      sim.act({ action: 'merge', project: 'platform/app', iid, user: 'carol' }),
    ).toThrow(/merged/);
  });
});

describe('time precision', () => {
  it('keeps milliseconds over REST and whole seconds over GraphQL, so changes within a second look alike there (types/time_type.rb)', async () => {
    const sim = await startScenario();
    try {
      const first = openMergeRequest(sim, 'feat: one');
      sim.advance(250);
      const second = openMergeRequest(sim, 'feat: two');
      const restTimes = [first, second].map(
        async i =>
          (await rest(sim, `/projects/1/merge_requests/${i}`)).body.updated_at,
      );
      expect(await Promise.all(restTimes)).toEqual([at(0), at(250)]);
      const gqlTimes = await Promise.all(
        [first, second].map(
          async i => (await graphqlMergeRequest(sim, i, 'updatedAt')).updatedAt,
        ),
      );
      expect(gqlTimes).toEqual([
        '2026-06-01T10:00:00Z',
        '2026-06-01T10:00:00Z',
      ]);
    } finally {
      await sim.close();
    }
  });
});
