import { createRandom, pick, randomInt, shuffle } from '../random';
import { isoTime } from '../time';
import {
  generateMergeRequest,
  HISTORY_DAYS,
  mergeRequestCounts,
  randomCreatedAt,
  type MrContext,
  type Team,
} from './generateMergeRequest';
import { FIXTURES, fixtureTokens } from './fixtures';

export { FIXTURES } from './fixtures';
import type {
  Dataset,
  DatasetGroup,
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
  GenerateOptions,
} from './types';
import { FIRST_NAMES, LAST_NAMES, TEAMS, TOP_GROUP_NAMES } from './vocabulary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Generates a realistic dataset; the same options always give the same data. */
export function generateDataset(options: GenerateOptions = {}): Dataset {
  const seed = options.seed ?? 1;
  const random = createRandom(seed);
  const nowMs = options.now
    ? Date.parse(options.now)
    : Math.floor(Date.now() / HOUR) * HOUR;
  if (Number.isNaN(nowMs)) {
    throw new Error(`Invalid 'now': ${options.now}`);
  }
  const projectCount = Math.max(1, options.projects ?? 20);
  const humanCount = Math.max(2, options.users ?? 18);

  // Users: humans, bots and fixture accounts.
  const users: DatasetUser[] = [];
  let nextUserId = 2;
  const addUser = (
    username: string,
    name: string,
    extra: Partial<DatasetUser> = {},
  ) => {
    const user: DatasetUser = {
      id: nextUserId++,
      username,
      name,
      bot: false,
      state: 'active',
      createdAt: isoTime(nowMs - randomInt(random, 400, 1800) * DAY),
      ...extra,
    };
    users.push(user);
    return user;
  };
  const names = shuffle(
    random,
    FIRST_NAMES.flatMap(first =>
      LAST_NAMES.map(last => [first, last] as const),
    ),
  );
  const usedFirst = new Set<string>();
  const humans: DatasetUser[] = [];
  for (const [first, last] of names) {
    if (humans.length >= humanCount) break;
    if (usedFirst.has(first) && usedFirst.size < FIRST_NAMES.length) continue;
    usedFirst.add(first);
    const username = uniqueUsername(
      users,
      `${ascii(first)}.${ascii(last)}`.toLowerCase(),
    );
    humans.push(addUser(username, `${first} ${last}`));
  }
  const renovate = addUser('renovate-bot', 'Renovate Bot', { bot: true });
  const dependabot = addUser('dependabot[bot]', 'Dependabot', { bot: true });
  const backstageBot = addUser(
    FIXTURES.botUsername,
    'Backstage Delivery Insights',
    { bot: true },
  );
  const outsider = addUser(FIXTURES.outsiderUsername, 'Olive Outsider');
  const guest = addUser(FIXTURES.guestUsername, 'Gary Guest');
  const blocked = addUser(FIXTURES.blockedUsername, 'Former Employee', {
    state: 'blocked',
  });

  // Groups: top-level groups plus the team subgroups below them.
  const groups: DatasetGroup[] = [];
  let nextGroupId = 1000;
  const groupByPath = new Map<string, DatasetGroup>();
  const ensureGroup = (path: string, name: string) => {
    let group = groupByPath.get(path);
    if (!group) {
      group = { id: nextGroupId++, path, name, members: [] };
      groups.push(group);
      groupByPath.set(path, group);
    }
    return group;
  };
  const teams: Team[] = TEAMS.map(t => {
    const top = t.group.split('/')[0];
    ensureGroup(top, TOP_GROUP_NAMES[top] ?? top);
    return {
      group: ensureGroup(t.group, t.name),
      jira: t.jira,
      stack: t.stack,
      humans: [],
      maintainers: [],
    };
  });
  humans.forEach((user, index) =>
    teams[index % teams.length].humans.push(user),
  );
  for (const team of teams) {
    if (team.humans.length === 0) {
      team.humans.push(pick(random, humans));
    }
    team.maintainers = team.humans.slice(
      0,
      Math.max(1, Math.ceil(team.humans.length / 3)),
    );
    for (const user of team.humans) {
      team.group.members.push({
        userId: user.id,
        accessLevel: team.maintainers.includes(user) ? 40 : 30,
      });
    }
  }
  // Owners at the top level, the integration bot as Reporter everywhere (inherited).
  for (const group of groups.filter(g => !g.path.includes('/'))) {
    const owner = teams.find(
      t => t.group.path.startsWith(`${group.path}/`) || t.group === group,
    );
    if (owner)
      group.members.push({ userId: owner.maintainers[0].id, accessLevel: 50 });
    group.members.push({ userId: backstageBot.id, accessLevel: 20 });
  }
  teams[0].group.members.push({ userId: blocked.id, accessLevel: 30 });

  // Projects.
  const projects: DatasetProject[] = [];
  const projectTeams: Team[] = [];
  for (let i = 0; i < projectCount; i++) {
    const teamIndex = i % teams.length;
    const team = teams[teamIndex];
    const projectNames = TEAMS[teamIndex].projects;
    const round = Math.floor(i / teams.length);
    const base = projectNames[round % projectNames.length];
    const suffix = Math.floor(round / projectNames.length);
    const name = suffix === 0 ? base : `${base}-${suffix + 1}`;
    const project: DatasetProject = {
      id: i + 1,
      path: `${team.group.path}/${name}`,
      name,
      description: `${team.group.name} — ${name.replace(/-/g, ' ')}`,
      defaultBranch: random() < 0.85 ? 'main' : 'master',
      mergeRequestsEnabled: true,
      visibility: 'private',
      createdAt: isoTime(
        nowMs - randomInt(random, HISTORY_DAYS + 30, 1500) * DAY,
      ),
      members: [
        { userId: renovate.id, accessLevel: 30 },
        { userId: dependabot.id, accessLevel: 30 },
      ],
      mergeRequests: [],
    };
    // A reviewer from another team with direct access.
    const visitor = pick(
      random,
      humans.filter(h => !team.humans.includes(h)).concat(team.humans),
    );
    if (!team.humans.includes(visitor)) {
      project.members.push({ userId: visitor.id, accessLevel: 30 });
    }
    projects.push(project);
    projectTeams.push(team);
  }
  projects[0].members.push({ userId: guest.id, accessLevel: 10 });
  if (projects.length > 1) {
    // An expired membership: it must not count.
    const target = projects[1];
    const inherited = new Set(
      groups
        .filter(g => target.path.startsWith(`${g.path}/`))
        .flatMap(g => g.members.map(m => m.userId)),
    );
    const expiredMember = humans.find(
      h => !inherited.has(h.id) && !target.members.some(m => m.userId === h.id),
    );
    if (expiredMember) {
      projects[1].members.push({
        userId: expiredMember.id,
        accessLevel: 30,
        expiresAt: isoTime(
          Math.min(nowMs - 10 * DAY, Date.parse('2025-01-01T00:00:00Z')),
        ).slice(0, 10),
      });
    }
  }

  // Merge requests, spread over the projects.
  const counts = mergeRequestCounts(random, projects.length, options);
  const allMergeRequests: DatasetMergeRequest[] = [];
  projects.forEach((project, index) => {
    const team = projectTeams[index];
    let approvalsRequired = 2;
    if (team.jira !== 'PAY') approvalsRequired = random() < 0.6 ? 1 : 0;
    const context: MrContext = {
      random,
      nowMs,
      project,
      team,
      visitors: project.members
        .map(m => users.find(u => u.id === m.userId)!)
        .filter(u => !u.bot && u.id !== guest.id),
      bots: [renovate, dependabot],
      blocked,
      approvalsRequired,
      nextIssueIid: randomInt(random, 5, 60),
      notesProfile: options.notesProfile,
    };
    const created = Array.from({ length: counts[index] }, () =>
      randomCreatedAt(random, nowMs),
    ).sort((a, b) => a - b);
    created.forEach((createdMs, i) => {
      const mr = generateMergeRequest(context, i + 1, createdMs);
      project.mergeRequests.push(mr);
      allMergeRequests.push(mr);
    });
  });
  // Global ids grow with creation time, like database sequences.
  [...allMergeRequests]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .forEach((mr, index) => {
      mr.id = 1001 + index;
    });
  allMergeRequests
    .flatMap(mr => mr.notes)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .forEach((note, index) => {
      note.id = 50_001 + index;
    });

  const archive: DatasetProject = {
    id: projects.length + 1,
    path: FIXTURES.mergeRequestsDisabledProject,
    name: 'docs-archive',
    description: 'Read-only archive; merge requests are disabled.',
    defaultBranch: 'main',
    mergeRequestsEnabled: false,
    visibility: 'private',
    createdAt: isoTime(nowMs - 900 * DAY),
    members: [],
    mergeRequests: [],
  };
  ensureGroup('tools', 'Tools');
  projects.push(archive);

  const maintainer = teams[0].maintainers[0];
  const tokens = fixtureTokens(nowMs, {
    bot: backstageBot,
    outsider,
    guest,
    blocked,
    maintainer,
  });

  return {
    instance: {},
    users,
    tokens,
    groups,
    projects,
    oauthApplications: [
      {
        clientId: FIXTURES.oauthClientId,
        clientSecret: FIXTURES.oauthClientSecret,
        name: 'Backstage demo',
        redirectUri: FIXTURES.oauthRedirectUri,
        scopes: ['api', 'read_api', 'read_user', 'openid', 'profile', 'email'],
        refreshTokens: [
          {
            token: FIXTURES.oauthRefreshToken,
            userId: backstageBot.id,
            scopes: ['read_api'],
          },
        ],
      },
    ],
  };
}

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function uniqueUsername(users: DatasetUser[], base: string): string {
  const taken = new Set(users.map(u => u.username));
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) {
    candidate = `${base}${n}`;
  }
  return candidate;
}
