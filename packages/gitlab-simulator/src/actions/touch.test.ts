import type { GitlabSimulator } from '../server';
import {
  openMergeRequest,
  rest,
  START,
  startScenario,
} from '../testing/scenario';

const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
const SECOND = 1000;

describe('updated_at and the touch rules', () => {
  let sim: GitlabSimulator;
  let iid: number;
  beforeEach(async () => {
    sim = await startScenario({ approvalNoteDelayMs: 2000 });
    iid = openMergeRequest(sim);
  });
  afterEach(() => sim.close());

  const updatedAt = async () =>
    (await rest(sim, `/projects/1/merge_requests/${iid}`)).body.updated_at;

  it('moves updated_at for a comment only when the last move is more than a minute old (throttled_touch.rb, note.rb touch_noteable)', async () => {
    sim.advance(10 * SECOND);
    sim.act({
      action: 'comment',
      project: 'platform/app',
      iid,
      user: 'bob',
      body: 'Looks good',
    });
    expect(await updatedAt()).toBe(at(0));
    sim.advance(50 * SECOND);
    sim.act({
      action: 'comment',
      project: 'platform/app',
      iid,
      user: 'bob',
      body: 'Exactly a minute',
    });
    expect(await updatedAt()).toBe(at(0));
    sim.advance(1);
    sim.act({
      action: 'comment',
      project: 'platform/app',
      iid,
      user: 'carol',
      body: 'One more',
    });
    expect(await updatedAt()).toBe(at(60 * SECOND + 1));
    const notes = (await rest(sim, `/projects/1/merge_requests/${iid}/notes`))
      .body;
    expect(notes).toHaveLength(3);
  });

  it('touches, throttled, for a label-only change but always stamps title, description and draft edits (issuable_base_service.rb)', async () => {
    sim.advance(5 * SECOND);
    sim.act({
      action: 'update',
      project: 'platform/app',
      iid,
      labels: ['bug'],
    });
    expect(await updatedAt()).toBe(at(0));
    sim.advance(5 * SECOND);
    sim.act({
      action: 'update',
      project: 'platform/app',
      iid,
      title: 'feat: a better change',
    });
    expect(await updatedAt()).toBe(at(10 * SECOND));
    sim.advance(SECOND);
    sim.act({ action: 'update', project: 'platform/app', iid, draft: true });
    const mr = (await rest(sim, `/projects/1/merge_requests/${iid}`)).body;
    expect(mr).toMatchObject({
      updated_at: at(11 * SECOND),
      draft: true,
      title: 'Draft: feat: a better change',
    });
    sim.advance(61 * SECOND);
    sim.act({
      action: 'update',
      project: 'platform/app',
      iid,
      labels: ['bug', 'backend'],
    });
    expect(await updatedAt()).toBe(at(72 * SECOND));
  });

  it('writes no merge request update for an approval; its note, written later, touches it throttled (approval_service.rb, create_approval_note_worker.rb)', async () => {
    sim.advance(5 * 60 * SECOND);
    sim.act({ action: 'approve', project: 'platform/app', iid, user: 'bob' });
    expect(await updatedAt()).toBe(at(0));
    const before = (await rest(sim, `/projects/1/merge_requests/${iid}/notes`))
      .body;
    expect(before).toHaveLength(0);
    const approvals = (
      await rest(sim, `/projects/1/merge_requests/${iid}/approvals`)
    ).body;
    expect(approvals.approved_by).toHaveLength(1);

    sim.advance(2 * SECOND);
    const notes = (await rest(sim, `/projects/1/merge_requests/${iid}/notes`))
      .body;
    expect(notes.map((n: any) => [n.body, n.created_at])).toEqual([
      ['approved this merge request', at(302 * SECOND)],
    ]);
    expect(await updatedAt()).toBe(at(302 * SECOND));

    sim.advance(20 * SECOND);
    sim.act({ action: 'unapprove', project: 'platform/app', iid, user: 'bob' });
    expect(await updatedAt()).toBe(at(302 * SECOND));
  });

  it('always stamps updated_at when the state changes', async () => {
    sim.advance(SECOND);
    sim.act({ action: 'close', project: 'platform/app', iid, user: 'carol' });
    expect(await updatedAt()).toBe(at(SECOND));
    sim.advance(SECOND);
    sim.act({ action: 'reopen', project: 'platform/app', iid, user: 'carol' });
    expect(await updatedAt()).toBe(at(2 * SECOND));
  });
});
