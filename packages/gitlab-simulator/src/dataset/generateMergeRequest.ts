import { logNormal, pick, randomInt, shuffle, type Random } from '../random';
import { isoTime } from '../time';
import { generateTimeline } from './timeline';
import type {
  DatasetGroup,
  DatasetIssue,
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
  GenerateOptions,
} from './types';
import {
  CHANGE_TYPES,
  DEPENDENCIES,
  EXTRA_LABELS,
  ISSUE_PREFIXES,
  SUBJECTS,
} from './vocabulary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const HISTORY_DAYS = 200;
/** Share of human merge requests with a long review when notesProfile is `realistic`. */
const BUSY_SHARE = 0.056;

export interface Team {
  group: DatasetGroup;
  jira: string;
  stack: string;
  humans: DatasetUser[];
  maintainers: DatasetUser[];
}

/** Merge requests per project: fixed, or a total spread with uneven weights. */
export function mergeRequestCounts(
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
export function randomCreatedAt(random: Random, nowMs: number): number {
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

export interface MrContext {
  random: Random;
  nowMs: number;
  project: DatasetProject;
  team: Team;
  visitors: DatasetUser[];
  bots: DatasetUser[];
  blocked: DatasetUser;
  approvalsRequired: number;
  nextIssueIid: number;
  notesProfile: GenerateOptions['notesProfile'];
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

export function generateMergeRequest(
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

  const busy =
    ctx.notesProfile === 'realistic' && !isBot && random() < BUSY_SHARE;
  const timeline = generateTimeline({
    random,
    nowMs,
    createdMs,
    author,
    reviewers,
    mergeUser:
      random() < 0.4 && !isBot ? author : team.maintainers[0] ?? author,
    closer: random() < 0.7 ? author : team.maintainers[0] ?? author,
    isBot,
    intended,
    approvalsRequired: ctx.approvalsRequired,
    busy,
    profile: ctx.notesProfile ?? 'small',
    commitSubject: title,
  });
  const { state } = timeline;
  let draft = false;
  if (state === 'opened') draft = random() < 0.45;
  else if (state === 'closed') draft = random() < 0.25;
  if (draft) title = `Draft: ${title}`;

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
    mergeUserId: timeline.mergeUserId,
    closedById: timeline.closedById,
    sourceBranch,
    targetBranch: ctx.project.defaultBranch ?? 'main',
    labels,
    createdAt: isoTime(createdMs),
    updatedAt: isoTime(timeline.updatedMs),
    mergedAt:
      timeline.mergedAtMs === null ? null : isoTime(timeline.mergedAtMs),
    closedAt:
      timeline.closedAtMs === null ? null : isoTime(timeline.closedAtMs),
    additions,
    deletions,
    fileCount,
    approvalsRequired: ctx.approvalsRequired,
    notes: timeline.notes,
    approvals: timeline.approvals,
    closesIssues,
    relatedIssues,
  };
  if (timeline.stateEvents) mr.stateEvents = timeline.stateEvents;
  return mr;
}
