import { FIXTURES, generateDataset } from './generate';
import { NOW } from '../testing/client';

describe('generateDataset', () => {
  it('is deterministic for a seed', () => {
    const a = generateDataset({
      seed: 7,
      now: NOW,
      projects: 5,
      mrsPerProject: 10,
    });
    const b = generateDataset({
      seed: 7,
      now: NOW,
      projects: 5,
      mrsPerProject: 10,
    });
    const c = generateDataset({
      seed: 8,
      now: NOW,
      projects: 5,
      mrsPerProject: 10,
    });
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.projects[0].mergeRequests).not.toEqual(
      c.projects[0].mergeRequests,
    );
  });

  it('uses the default sizes and adds the fixture project', () => {
    const data = generateDataset({ now: NOW });
    const regular = data.projects.filter(p => p.mergeRequestsEnabled !== false);
    expect(regular).toHaveLength(20);
    expect(regular.every(p => p.mergeRequests.length === 25)).toBe(true);
    const disabled = data.projects.find(
      p => p.path === FIXTURES.mergeRequestsDisabledProject,
    );
    expect(disabled?.mergeRequestsEnabled).toBe(false);
    const humans = data.users.filter(u => !u.bot);
    expect(humans.length).toBeGreaterThanOrEqual(10);
    expect(data.users.find(u => u.username === 'renovate-bot')?.bot).toBe(true);
    expect(data.users.find(u => u.username === 'dependabot[bot]')?.bot).toBe(
      true,
    );
  });

  it('spreads a total number of merge requests over the projects', () => {
    const data = generateDataset({ now: NOW, projects: 7, mergeRequests: 500 });
    const counts = data.projects
      .filter(p => p.mergeRequestsEnabled)
      .map(p => p.mergeRequests.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
    expect(new Set(counts).size).toBeGreaterThan(1);
  });

  it('produces realistic, consistent merge requests', () => {
    const data = generateDataset({
      seed: 3,
      now: NOW,
      projects: 20,
      mergeRequests: 2000,
    });
    const mrs = data.projects.flatMap(p => p.mergeRequests);
    const share = (predicate: (mr: (typeof mrs)[number]) => boolean) =>
      mrs.filter(predicate).length / mrs.length;
    const bots = new Set(data.users.filter(u => u.bot).map(u => u.id));

    expect(share(mr => mr.state === 'merged')).toBeGreaterThan(0.6);
    expect(share(mr => mr.state === 'merged')).toBeLessThan(0.85);
    expect(share(mr => mr.state === 'closed')).toBeGreaterThan(0.05);
    expect(share(mr => mr.state === 'opened')).toBeGreaterThan(0.08);
    expect(share(mr => Boolean(mr.draft))).toBeGreaterThan(0.04);
    expect(share(mr => Boolean(mr.draft))).toBeLessThan(0.16);
    expect(share(mr => bots.has(mr.authorId))).toBeGreaterThan(0.06);
    expect(share(mr => bots.has(mr.authorId))).toBeLessThan(0.15);
    expect(share(mr => mr.closesIssues.length > 0)).toBeGreaterThan(0.25);
    const comments = (mr: (typeof mrs)[number]) =>
      mr.notes.filter(n => !n.system).length;
    expect(share(mr => comments(mr) === 0)).toBeGreaterThan(0.1);
    expect(
      share(mr => mr.approvals.length > 0 && comments(mr) === 0),
    ).toBeGreaterThan(0.02);
    expect(
      share(mr =>
        /\b[A-Z]+-\d+\b/.test(
          `${mr.title} ${mr.sourceBranch} ${mr.description}`,
        ),
      ),
    ).toBeGreaterThan(0.15);
    expect(
      share(mr =>
        /^(Draft: )?(feat|fix|refactor|docs|chore|test|perf)[(:]/.test(
          mr.title,
        ),
      ),
    ).toBeGreaterThan(0.6);

    const now = Date.parse(NOW);
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const ids = new Set<number>();
    for (const mr of mrs) {
      ids.add(mr.id!);
      const created = Date.parse(mr.createdAt);
      const updated = Date.parse(mr.updatedAt);
      const where = `!${mr.iid} (${mr.state})`;
      check(created > now - 201 * 86_400_000, `${where} created too early`);
      check(
        updated >= created && updated <= now,
        `${where} updatedAt out of range`,
      );
      const merged = mr.mergedAt ? Date.parse(mr.mergedAt) : null;
      check(
        mr.state === 'merged'
          ? merged !== null && merged > created && merged <= updated
          : merged === null,
        `${where} mergedAt inconsistent`,
      );
      check(
        mr.state !== 'closed' || Boolean(mr.closedAt),
        `${where} closedAt missing`,
      );
      check(
        mr.approvals.every(a => a.userId !== mr.authorId),
        `${where} self-approved`,
      );
      check(
        mr.notes.every(n => Date.parse(n.createdAt) <= now),
        `${where} note in the future`,
      );
      // A note moves updated_at unless the last move is less than a minute old.
      check(
        mr.notes.every(n => Date.parse(n.createdAt) <= updated + 60_000),
        `${where} note more than a minute after updatedAt`,
      );
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBe(mrs.length);
  });

  it('creates the diagnostic fixtures', () => {
    const data = generateDataset({ now: NOW, projects: 3, mrsPerProject: 2 });
    const token = (value: string) => data.tokens.find(t => t.token === value)!;
    const bot = data.users.find(u => u.username === FIXTURES.botUsername)!;
    expect(token('glpat-demo-token')).toMatchObject({
      name: 'backstage-demo',
      scopes: ['read_api'],
      userId: bot.id,
    });
    expect(Date.parse(token('glpat-expired').expiresAt!)).toBeLessThan(
      Date.now(),
    );
    expect(token('glpat-revoked').revoked).toBe(true);
    expect(token('glpat-noscope').scopes).toEqual(['read_user']);
    expect(token('glpat-api').scopes).toEqual(['api']);
    const outsider = data.users.find(u => u.username === 'outsider')!;
    const memberships = [...(data.groups ?? []), ...data.projects].flatMap(
      x => x.members,
    );
    expect(memberships.some(m => m.userId === outsider.id)).toBe(false);
    const guest = data.users.find(u => u.username === FIXTURES.guestUsername)!;
    expect(data.projects[0].members).toContainEqual({
      userId: guest.id,
      accessLevel: 10,
    });
    expect(token('glpat-guest').userId).toBe(guest.id);
  });

  it('writes notes as GitLab does: approval notes after approvals, state events instead of state notes (system_notes/issuables_service.rb, create_approval_note_worker.rb)', () => {
    const data = generateDataset({ seed: 5, now: NOW, mergeRequests: 800 });
    const mrs = data.projects.flatMap(p => p.mergeRequests);
    const notes = mrs.flatMap(mr => mr.notes);
    expect(
      notes.some(n => n.system && /^(merged|closed|reopened)$/.test(n.body)),
    ).toBe(false);
    const problems: string[] = [];
    for (const mr of mrs) {
      for (const approval of mr.approvals) {
        const note = mr.notes.find(
          n =>
            n.action === 'approved' &&
            n.authorId === approval.userId &&
            Date.parse(n.createdAt) >= Date.parse(approval.approvedAt),
        );
        const delay = note
          ? Date.parse(note.createdAt) - Date.parse(approval.approvedAt)
          : 0;
        if (
          note &&
          (note.body !== 'approved this merge request' || delay >= 5_000)
        ) {
          problems.push(
            `!${mr.iid}: approval note ${note.body} after ${delay} ms`,
          );
        }
      }
      const ended = mr.state === 'merged' || mr.state === 'closed';
      if (ended && mr.stateEvents?.at(-1)?.state !== mr.state) {
        problems.push(`!${mr.iid}: no ${mr.state} state event`);
      }
    }
    expect(problems).toEqual([]);
    const unapproved = mrs.filter(mr =>
      mr.notes.some(n => n.action === 'unapproved'),
    );
    expect(unapproved.length).toBeGreaterThan(5);
    for (const mr of unapproved) {
      const note = mr.notes.find(n => n.action === 'unapproved')!;
      expect(note.body).toBe('unapproved this merge request');
      // The approval note stays when the approval is taken back.
      expect(
        mr.notes.some(
          n => n.action === 'approved' && n.authorId === note.authorId,
        ),
      ).toBe(true);
    }
    expect(
      notes.some(
        n => n.action === 'reviewer' && /^requested review from @/.test(n.body),
      ),
    ).toBe(true);
    expect(
      notes.some(
        n => n.action === 'commit' && /^added \d+ commits?/.test(n.body),
      ),
    ).toBe(true);
  });

  it('has about 8 notes per merge request and about 5% with more than 100 in the realistic profile', () => {
    const mrs = generateDataset({
      now: NOW,
      mergeRequests: 3000,
      notesProfile: 'realistic',
    }).projects.flatMap(p => p.mergeRequests);
    const average =
      mrs.reduce((sum, mr) => sum + mr.notes.length, 0) / mrs.length;
    const busy = mrs.filter(mr => mr.notes.length > 100).length / mrs.length;
    expect(average).toBeGreaterThan(6.5);
    expect(average).toBeLessThan(9.5);
    expect(busy).toBeGreaterThan(0.035);
    expect(busy).toBeLessThan(0.065);
    const small = generateDataset({
      now: NOW,
      mergeRequests: 3000,
    }).projects.flatMap(p => p.mergeRequests);
    expect(small.some(mr => mr.notes.length > 100)).toBe(false);
  });
});
