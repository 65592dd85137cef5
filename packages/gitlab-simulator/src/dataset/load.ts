import { readFileSync } from 'node:fs';
import type {
  Dataset,
  DatasetIssue,
  DatasetMember,
  DatasetMergeRequest,
  DatasetProject,
} from './types';
import { ensureImpliedGroups } from './routes';
import { approvalNote, SYSTEM_NOTE_BODIES } from './systemNotes';

const MR_STATES = ['opened', 'closed', 'merged', 'locked'];
export const DRAFT_TITLE =
  /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s|\[wip\]|wip:)/i;
const FALLBACK_CREATED_AT = '2020-01-01T00:00:00.000Z';

/** Reads a dataset from a JSON file path, a JSON string or an object; validates it and fills defaults. */
export function loadDataset(fileOrJson: string | object): Dataset {
  let raw: unknown;
  if (typeof fileOrJson === 'string') {
    const text = fileOrJson.trimStart().startsWith('{')
      ? fileOrJson
      : readFileSync(fileOrJson, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new Error(
        `Invalid dataset: not valid JSON (${(error as Error).message})`,
      );
    }
  } else {
    raw = structuredClone(fileOrJson);
  }
  return normalizeDataset(raw);
}

/** Validates a parsed dataset in place and fills defaults; returns it typed. */
export function normalizeDataset(raw: unknown): Dataset {
  const data = expectObject(raw, 'dataset') as Record<string, any>;
  const users = expectArray(data.users ?? [], 'users');
  const tokens = expectArray(data.tokens ?? [], 'tokens');
  const groups = expectArray(data.groups ?? [], 'groups');
  const projects = expectArray(data.projects ?? [], 'projects');
  const apps = expectArray(data.oauthApplications ?? [], 'oauthApplications');
  data.users = users;
  data.tokens = tokens;
  data.groups = groups;
  data.projects = projects;
  data.oauthApplications = apps;
  data.instance = data.instance ?? {};

  users.forEach((user: any, i: number) => {
    const where = `users[${i}]`;
    expectObject(user, where);
    expectNumber(user.id, `${where}.id`);
    expectString(user.username, `${where}.username`);
    user.name = user.name ?? user.username;
    user.bot = user.bot ?? false;
    user.state = user.state ?? 'active';
    if (!['active', 'blocked'].includes(user.state)) {
      fail(`${where}.state must be 'active' or 'blocked'`);
    }
  });

  let nextTokenId = maxOf(tokens.map((t: any) => t?.id)) + 1;
  tokens.forEach((token: any, i: number) => {
    const where = `tokens[${i}]`;
    expectObject(token, where);
    expectString(token.token, `${where}.token`);
    expectNumber(token.userId, `${where}.userId`);
    token.name = token.name ?? `token-${i + 1}`;
    token.scopes = expectArray(token.scopes ?? ['api'], `${where}.scopes`);
    token.id = token.id ?? nextTokenId++;
    token.revoked = token.revoked ?? false;
    token.expiresAt = token.expiresAt ?? null;
    token.createdAt = token.createdAt ?? FALLBACK_CREATED_AT;
    token.lastUsedAt = token.lastUsedAt ?? null;
  });

  groups.forEach((group: any, i: number) => {
    const where = `groups[${i}]`;
    expectObject(group, where);
    expectNumber(group.id, `${where}.id`);
    expectString(group.path, `${where}.path`);
    group.name = group.name ?? group.path.split('/').pop();
    group.visibility = group.visibility ?? 'private';
    if (!['private', 'internal', 'public'].includes(group.visibility)) {
      fail(`${where}.visibility must be private, internal or public`);
    }
    group.members = normalizeMembers(group.members, `${where}.members`);
  });

  let nextMrId =
    maxOf(
      projects.flatMap((p: any) =>
        (p?.mergeRequests ?? []).map((m: any) => m?.id),
      ),
    ) + 1;
  let nextNoteId =
    maxOf(
      projects.flatMap((p: any) =>
        (p?.mergeRequests ?? []).flatMap((m: any) =>
          (m?.notes ?? []).map((n: any) => n?.id),
        ),
      ),
    ) + 1;

  projects.forEach((project: any, i: number) => {
    const where = `projects[${i}]`;
    expectObject(project, where);
    expectNumber(project.id, `${where}.id`);
    expectString(project.path, `${where}.path`);
    normalizeProject(project);
    project.members = normalizeMembers(project.members, `${where}.members`);
    project.mergeRequests = expectArray(
      project.mergeRequests ?? [],
      `${where}.mergeRequests`,
    );
    project.mergeRequests.forEach((mr: any, j: number) => {
      const mrWhere = `${where}.mergeRequests[${j}]`;
      normalizeMergeRequest(mr, mrWhere);
      if (mr.id === undefined || mr.id === null) {
        mr.id = nextMrId++;
      }
      for (const note of mr.notes) {
        if (note.id === undefined || note.id === null) {
          note.id = nextNoteId++;
        }
      }
    });
  });

  apps.forEach((app: any, i: number) => {
    const where = `oauthApplications[${i}]`;
    expectObject(app, where);
    expectString(app.clientId, `${where}.clientId`);
    expectString(app.clientSecret, `${where}.clientSecret`);
    app.name = app.name ?? app.clientId;
    app.scopes = expectArray(
      app.scopes ?? ['api', 'read_api', 'read_user'],
      `${where}.scopes`,
    );
    app.refreshTokens = expectArray(
      app.refreshTokens ?? [],
      `${where}.refreshTokens`,
    );
    app.refreshTokens.forEach((rt: any, j: number) => {
      expectString(rt?.token, `${where}.refreshTokens[${j}].token`);
      expectNumber(rt.userId, `${where}.refreshTokens[${j}].userId`);
      rt.scopes = rt.scopes ?? ['api'];
    });
  });

  ensureImpliedGroups(data as Dataset);
  return data as Dataset;
}

/** Fills project defaults (name, visibility, feature flags). */
export function normalizeProject(project: DatasetProject): void {
  project.name = project.name ?? project.path.split('/').pop();
  project.visibility = project.visibility ?? 'private';
  project.mergeRequestsEnabled = project.mergeRequestsEnabled ?? true;
  project.defaultBranch = project.defaultBranch ?? 'main';
  project.description = project.description ?? '';
  project.createdAt = project.createdAt ?? FALLBACK_CREATED_AT;
  project.members = project.members ?? [];
  project.mergeRequests = project.mergeRequests ?? [];
}

/** Validates a merge request and fills its defaults (ids are assigned by the caller). */
export function normalizeMergeRequest(
  mr: any,
  where = 'mergeRequest',
): DatasetMergeRequest {
  expectObject(mr, where);
  expectNumber(mr.iid, `${where}.iid`);
  expectString(mr.title, `${where}.title`);
  expectNumber(mr.authorId, `${where}.authorId`);
  expectString(mr.createdAt, `${where}.createdAt`);
  mr.state = mr.state ?? 'opened';
  if (!MR_STATES.includes(mr.state)) {
    fail(`${where}.state must be one of ${MR_STATES.join(', ')}`);
  }
  mr.description = mr.description ?? '';
  mr.draft = mr.draft ?? DRAFT_TITLE.test(mr.title);
  mr.mergeUserId = mr.mergeUserId ?? null;
  mr.closedById = mr.closedById ?? null;
  mr.sourceBranch = mr.sourceBranch ?? `branch-${mr.iid}`;
  mr.targetBranch = mr.targetBranch ?? 'main';
  mr.labels = expectArray(mr.labels ?? [], `${where}.labels`);
  mr.updatedAt = mr.updatedAt ?? mr.createdAt;
  mr.mergedAt = mr.mergedAt ?? null;
  mr.closedAt = mr.closedAt ?? null;
  mr.additions = mr.additions ?? 0;
  mr.deletions = mr.deletions ?? 0;
  mr.fileCount = mr.fileCount ?? 0;
  mr.approvalsRequired = mr.approvalsRequired ?? 0;
  mr.notes = expectArray(mr.notes ?? [], `${where}.notes`);
  mr.notes.forEach((note: any, k: number) => {
    expectObject(note, `${where}.notes[${k}]`);
    expectNumber(note.authorId, `${where}.notes[${k}].authorId`);
    note.body = note.body ?? '';
    note.createdAt = note.createdAt ?? mr.createdAt;
    note.system = note.system ?? false;
    if (note.system && !note.action) {
      note.action = legacyAction(note.body);
    }
  });
  mr.approvals = expectArray(mr.approvals ?? [], `${where}.approvals`);
  mr.approvals.forEach((approval: any, k: number) => {
    expectNumber(approval?.userId, `${where}.approvals[${k}].userId`);
    approval.approvedAt = approval.approvedAt ?? mr.updatedAt;
  });
  addMissingApprovalNotes(mr);
  mr.closesIssues = normalizeIssues(mr.closesIssues, `${where}.closesIssues`);
  mr.relatedIssues = normalizeIssues(
    mr.relatedIssues,
    `${where}.relatedIssues`,
  );
  return mr as DatasetMergeRequest;
}

/** The metadata action of a system note written before notes carried one. */
function legacyAction(body: string): string | undefined {
  if (body.startsWith(SYSTEM_NOTE_BODIES.approved)) return 'approved';
  if (body.startsWith(SYSTEM_NOTE_BODIES.unapproved)) return 'unapproved';
  return undefined;
}

/**
 * GitLab writes an "approved this merge request" system note for every approval; datasets may
 * list approvals alone, so the notes are added for approvers who have none.
 */
export function addMissingApprovalNotes(mr: DatasetMergeRequest): void {
  for (const approval of mr.approvals) {
    const noted = mr.notes.some(
      n => n.action === 'approved' && n.authorId === approval.userId,
    );
    if (!noted) {
      mr.notes.push(approvalNote(approval.userId, approval.approvedAt));
    }
  }
}

function normalizeIssues(value: unknown, where: string): DatasetIssue[] {
  const issues = expectArray(value ?? [], where);
  issues.forEach((issue: any, k: number) => {
    expectNumber(issue?.iid, `${where}[${k}].iid`);
    issue.title = issue.title ?? `Issue ${issue.iid}`;
  });
  return issues;
}

function normalizeMembers(value: unknown, where: string): DatasetMember[] {
  const members = expectArray(value ?? [], where);
  members.forEach((member: any, k: number) => {
    expectNumber(member?.userId, `${where}[${k}].userId`);
    expectNumber(member.accessLevel, `${where}[${k}].accessLevel`);
    member.expiresAt = member.expiresAt ?? null;
  });
  return members;
}

function maxOf(values: unknown[]): number {
  let max = 0;
  for (const value of values) {
    if (typeof value === 'number' && value > max) {
      max = value;
    }
  }
  return max;
}

function fail(message: string): never {
  throw new Error(`Invalid dataset: ${message}`);
}

function expectObject(value: unknown, where: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${where} must be an object`);
  }
  return value;
}

function expectArray(value: unknown, where: string): any[] {
  if (!Array.isArray(value)) {
    fail(`${where} must be an array`);
  }
  return value;
}

function expectNumber(value: unknown, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(`${where} must be a number`);
  }
}

function expectString(value: unknown, where: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    fail(`${where} must be a non-empty string`);
  }
}
