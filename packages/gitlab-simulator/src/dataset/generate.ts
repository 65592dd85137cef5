import {
  createRandom,
  logNormal,
  pick,
  randomInt,
  shuffle,
  type Random,
} from '../random';
import { isoTime } from '../time';
import type {
  Dataset,
  DatasetApproval,
  DatasetGroup,
  DatasetIssue,
  DatasetMergeRequest,
  DatasetNote,
  DatasetProject,
  DatasetStateEvent,
  DatasetToken,
  DatasetUser,
  GenerateOptions,
} from './types';
import {
  AUTHOR_REPLIES,
  CHANGE_TYPES,
  DEPENDENCIES,
  EXTRA_LABELS,
  FIRST_NAMES,
  ISSUE_PREFIXES,
  LAST_NAMES,
  REVIEW_COMMENTS,
  SUBJECTS,
  TEAMS,
  TOP_GROUP_NAMES,
} from './vocabulary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 200;

/** Tokens and users of the generated dataset that tests and the demo rely on. */
export const FIXTURES = {
  demoToken: 'glpat-demo-token',
  apiToken: 'glpat-api',
  expiredToken: 'glpat-expired',
  revokedToken: 'glpat-revoked',
  noScopeToken: 'glpat-noscope',
  outsiderToken: 'glpat-outsider',
  guestToken: 'glpat-guest',
  blockedToken: 'glpat-blocked',
  maintainerToken: 'glpat-maintainer',
  botUsername: 'backstage-bot',
  outsiderUsername: 'outsider',
  guestUsername: 'gary.guest',
  blockedUsername: 'former.employee',
  mergeRequestsDisabledProject: 'tools/docs-archive',
  oauthClientId: 'backstage-demo-app',
  oauthClientSecret: 'backstage-demo-secret',
  oauthRefreshToken: 'demo-refresh-token',
} as const;

interface Team {
  group: DatasetGroup;
  jira: string;
  stack: string;
  humans: DatasetUser[];
  maintainers: DatasetUser[];
}

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
  const tokenCreated = isoTime(nowMs - 30 * DAY);
  const expiredAt = Math.min(
    nowMs - 30 * DAY,
    Date.parse('2025-01-01T00:00:00Z'),
  );
  const token = (
    value: string,
    name: string,
    user: DatasetUser,
    scopes: string[],
    extra: Partial<DatasetToken> = {},
  ): DatasetToken => ({
    token: value,
    name,
    userId: user.id,
    scopes,
    expiresAt: null,
    revoked: false,
    createdAt: tokenCreated,
    ...extra,
  });
  const tokens: DatasetToken[] = [
    token(FIXTURES.demoToken, 'backstage-demo', backstageBot, ['read_api']),
    token(FIXTURES.apiToken, 'backstage-api', backstageBot, ['api']),
    token(
      FIXTURES.expiredToken,
      'backstage-expired',
      backstageBot,
      ['read_api'],
      {
        createdAt: isoTime(expiredAt - 365 * DAY),
        expiresAt: isoTime(expiredAt).slice(0, 10),
      },
    ),
    token(
      FIXTURES.revokedToken,
      'backstage-revoked',
      backstageBot,
      ['read_api'],
      { revoked: true },
    ),
    token(FIXTURES.noScopeToken, 'backstage-read-user', backstageBot, [
      'read_user',
    ]),
    token(FIXTURES.outsiderToken, 'outsider', outsider, ['read_api']),
    token(FIXTURES.guestToken, 'guest', guest, ['read_api']),
    token(FIXTURES.blockedToken, 'former-employee', blocked, ['read_api']),
    token(FIXTURES.maintainerToken, 'maintainer', maintainer, [
      'api',
      'read_user',
    ]),
  ].map((t, index) => ({ ...t, id: index + 1 }));

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

/** Merge requests per project: fixed, or a total spread with uneven weights. */
function mergeRequestCounts(
  random: Random,
  projects: number,
  options: GenerateOptions,
): number[] {
  if (options.mergeRequests === undefined) {
    return Array.from({ length: projects }, () =>
      Math.max(0, options.mrsPerProject ?? 25),
    );
  }
  const total = Math.max(0, options.mergeRequests);
  const weights = Array.from({ length: projects }, () =>
    logNormal(random, 1, 0.7),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map(w => Math.floor((w / sum) * total));
  let remaining = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; remaining > 0; i = (i + 1) % projects, remaining--) {
    counts[i]++;
  }
  return counts;
}

/** A creation time in the last HISTORY_DAYS, mostly on weekdays during working hours. */
function randomCreatedAt(random: Random, nowMs: number): number {
  for (;;) {
    const dayStart =
      Math.floor((nowMs - random() * HISTORY_DAYS * DAY) / DAY) * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random() < 0.8) continue;
    const hour = 7 + logNormal(random, 4, 0.5);
    const ms =
      dayStart + Math.min(hour, 23.9) * HOUR + randomInt(random, 0, 59) * 1000;
    if (ms < nowMs - HOUR) return ms;
  }
}

interface MrContext {
  random: Random;
  nowMs: number;
  project: DatasetProject;
  team: Team;
  visitors: DatasetUser[];
  bots: DatasetUser[];
  blocked: DatasetUser;
  approvalsRequired: number;
  nextIssueIid: number;
}

function weightedType(random: Random) {
  const total = CHANGE_TYPES.reduce((sum, t) => sum + t.weight, 0);
  let roll = random() * total;
  for (const type of CHANGE_TYPES) {
    roll -= type.weight;
    if (roll < 0) return type;
  }
  return CHANGE_TYPES[0];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 5)
    .join('-');
}

function generateMergeRequest(
  ctx: MrContext,
  iid: number,
  createdMs: number,
): DatasetMergeRequest {
  const { random, nowMs, team } = ctx;
  const isBot = random() < 0.1;
  const reviewersPool = [...new Set([...team.humans, ...ctx.visitors])];
  let author: DatasetUser;
  if (isBot) {
    author = pick(random, ctx.bots);
  } else if (
    createdMs < nowMs - 120 * DAY &&
    team.group.members.some(m => m.userId === ctx.blocked.id) &&
    random() < 0.05
  ) {
    author = ctx.blocked;
  } else {
    author = pick(random, reviewersPool);
  }
  const reviewers = shuffle(
    random,
    reviewersPool.filter(u => u.id !== author.id),
  );

  // Title, branch, description, labels.
  let title: string;
  let sourceBranch: string;
  let description: string;
  let labels: string[];
  const jiraKey = `${team.jira}-${randomInt(random, 100, 2400)}`;
  if (isBot) {
    const dependency = pick(random, DEPENDENCIES);
    const version = `${randomInt(random, 1, 19)}.${randomInt(
      random,
      0,
      30,
    )}.${randomInt(random, 0, 12)}`;
    title = `chore(deps): update dependency ${dependency} to v${version}`;
    sourceBranch =
      author.username === 'renovate-bot'
        ? `renovate/${slug(dependency)}-${version.split('.')[0]}.x`
        : `dependabot/npm_and_yarn/${slug(dependency)}-${version}`;
    description = `This MR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n| ${dependency} | minor | \`v${version}\` |`;
    labels = ['dependencies'];
  } else {
    const type = weightedType(random);
    const subject = pick(random, SUBJECTS[type.type]);
    const jiraIn = random();
    const scope =
      random() < 0.3
        ? `(${slug(ctx.project.name ?? 'core').split('-')[0]})`
        : '';
    if (jiraIn < 0.2) {
      title = `${type.type}(${jiraKey}): ${subject}`;
    } else if (jiraIn < 0.3) {
      title = `${jiraKey} ${subject[0].toUpperCase()}${subject.slice(1)}`;
    } else {
      title = `${type.type}${scope}: ${subject}`;
    }
    const branchHasKey = jiraIn < 0.3 || random() < 0.3;
    sourceBranch = `${type.branch}/${branchHasKey ? `${jiraKey}-` : ''}${slug(
      subject,
    )}`;
    const lines = [`${subject[0].toUpperCase()}${subject.slice(1)}.`];
    if (!branchHasKey && random() < 0.35) lines.push('', `Jira: ${jiraKey}`);
    description = lines.join('\n');
    labels = [type.label];
    if (random() < 0.5) labels.push(team.stack);
    if (random() < 0.08) labels.push(pick(random, EXTRA_LABELS));
  }

  // Intended outcome.
  const roll = random();
  let intended: DatasetMergeRequest['state'] = 'locked';
  if (roll < 0.75) intended = 'merged';
  else if (roll < 0.85) intended = 'closed';
  else if (roll < 0.995) intended = 'opened';
  if (isBot && intended === 'opened' && random() < 0.5) intended = 'merged';

  // Timeline.
  const notes: DatasetNote[] = [];
  const approvals: DatasetApproval[] = [];
  let cursor = createdMs;
  let commentCount = 0;
  if (isBot) {
    commentCount = random() < 0.85 ? 0 : 1;
  } else if (random() >= 0.25) {
    commentCount = Math.min(1 + Math.floor(logNormal(random, 2.5, 0.8)), 25);
  }
  if (commentCount > 0) {
    cursor += Math.max(2 * MINUTE, logNormal(random, 3 * HOUR, 1.4));
  }
  for (let n = 0; n < commentCount && reviewers.length; n++) {
    const reviewer = reviewers[n % Math.min(reviewers.length, 2)];
    const fromAuthor = n > 0 && !isBot && random() < 0.45;
    notes.push({
      authorId: fromAuthor ? author.id : reviewer.id,
      createdAt: isoTime(cursor),
      body: fromAuthor
        ? pick(random, AUTHOR_REPLIES)
        : pick(random, REVIEW_COMMENTS),
      system: false,
    });
    cursor += Math.max(MINUTE, logNormal(random, 2 * HOUR, 1.3));
  }
  let approvalsWanted = 0;
  if (intended === 'merged') {
    approvalsWanted =
      Math.max(ctx.approvalsRequired, random() < 0.85 ? 1 : 0) +
      (random() < 0.2 ? 1 : 0);
  } else if (intended === 'opened' && random() < 0.3) {
    approvalsWanted = 1;
  }
  let approvalTime = Math.max(
    cursor,
    createdMs + logNormal(random, (isBot ? 2 : 20) * HOUR, 1.1),
  );
  for (let n = 0; n < approvalsWanted && n < reviewers.length; n++) {
    approvals.push({
      userId: reviewers[n].id,
      approvedAt: isoTime(approvalTime),
    });
    approvalTime += logNormal(random, 3 * HOUR, 1.2);
  }
  const lastActivity = Math.max(
    createdMs,
    ...notes.map(n => Date.parse(n.createdAt)),
    ...approvals.map(a => Date.parse(a.approvedAt)),
  );
  let mergedAt: number | null = null;
  let closedAt: number | null = null;
  let stateEvents: DatasetStateEvent[] | undefined;
  let state = intended;
  let mergeUserId: number | null = null;
  let closedById: number | null = null;
  if (intended === 'merged') {
    mergedAt =
      lastActivity + Math.max(5 * MINUTE, logNormal(random, 3 * HOUR, 1.3));
    mergeUserId =
      random() < 0.4 && !isBot
        ? author.id
        : team.maintainers[0]?.id ?? author.id;
    if (random() < 0.03) {
      const closed = createdMs + (mergedAt - createdMs) * 0.3;
      const reopened = createdMs + (mergedAt - createdMs) * 0.5;
      stateEvents = [
        { state: 'closed', userId: author.id, createdAt: isoTime(closed) },
        { state: 'reopened', userId: author.id, createdAt: isoTime(reopened) },
        { state: 'merged', userId: mergeUserId, createdAt: isoTime(mergedAt) },
      ];
    }
  } else if (intended === 'closed') {
    closedAt =
      createdMs + Math.max(30 * MINUTE, logNormal(random, 72 * HOUR, 1.2));
    closedById =
      random() < 0.7 ? author.id : team.maintainers[0]?.id ?? author.id;
  }
  // Anything that would happen after `now` has not happened yet: the MR is still open.
  const end = mergedAt ?? closedAt;
  if (end !== null && end > nowMs - MINUTE) {
    state = 'opened';
    mergedAt = null;
    closedAt = null;
    mergeUserId = null;
    closedById = null;
    stateEvents = undefined;
  }
  const visibleNotes = notes.filter(
    n => Date.parse(n.createdAt) <= nowMs - MINUTE,
  );
  const visibleApprovals = approvals.filter(
    a => Date.parse(a.approvedAt) <= nowMs - MINUTE,
  );
  let draft = false;
  if (state === 'opened') draft = random() < 0.45;
  else if (state === 'closed') draft = random() < 0.25;
  if (draft) title = `Draft: ${title}`;
  const updated = Math.min(
    nowMs - MINUTE,
    Math.max(
      createdMs + randomInt(random, 1, 20) * MINUTE,
      ...visibleNotes.map(n => Date.parse(n.createdAt)),
      ...visibleApprovals.map(a => Date.parse(a.approvedAt)),
      mergedAt ?? 0,
      closedAt ?? 0,
    ),
  );

  // Issues.
  const closesIssues: DatasetIssue[] = [];
  const relatedIssues: DatasetIssue[] = [];
  if (!isBot && random() < 0.4) {
    const count = random() < 0.85 ? 1 : 2;
    for (let n = 0; n < count; n++) {
      closesIssues.push({
        iid: ctx.nextIssueIid++,
        title: `${pick(random, ISSUE_PREFIXES)}${title
          .replace(/^Draft: /, '')
          .replace(/^[a-z]+(\([^)]*\))?: /, '')}`,
      });
    }
    description += `\n\n${closesIssues
      .map(i => `Closes #${i.iid}`)
      .join('\n')}`;
  }
  if (!isBot && random() < 0.1) {
    relatedIssues.push({
      iid: ctx.nextIssueIid++,
      title: `Investigate ${slug(title).replace(/-/g, ' ')}`,
    });
    description += `\n\nRelated to #${relatedIssues[0].iid}`;
  }

  // Change size: log-normal; bots touch a manifest and a lockfile.
  const docs = labels.includes('documentation');
  const additions = isBot
    ? randomInt(random, 2, 400)
    : Math.max(1, Math.round(logNormal(random, docs ? 25 : 70, 1.2)));
  const deletions = isBot
    ? randomInt(random, 2, 300)
    : Math.max(0, Math.round(logNormal(random, docs ? 8 : 22, 1.3)));
  const fileCount = isBot
    ? 2
    : Math.max(1, Math.round(logNormal(random, docs ? 2 : 4, 0.8)));

  const mr: DatasetMergeRequest = {
    iid,
    title,
    description,
    state,
    draft,
    authorId: author.id,
    mergeUserId,
    closedById,
    sourceBranch,
    targetBranch: ctx.project.defaultBranch ?? 'main',
    labels,
    createdAt: isoTime(createdMs),
    updatedAt: isoTime(updated),
    mergedAt: mergedAt === null ? null : isoTime(mergedAt),
    closedAt: closedAt === null ? null : isoTime(closedAt),
    additions,
    deletions,
    fileCount,
    approvalsRequired: ctx.approvalsRequired,
    notes: visibleNotes,
    approvals: visibleApprovals,
    closesIssues,
    relatedIssues,
  };
  if (stateEvents) mr.stateEvents = stateEvents;
  return mr;
}
