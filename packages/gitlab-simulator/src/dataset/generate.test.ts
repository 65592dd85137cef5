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
    expect(share(mr => mr.notes.length === 0)).toBeGreaterThan(0.1);
    expect(
      share(mr => mr.approvals.length > 0 && mr.notes.length === 0),
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
});
