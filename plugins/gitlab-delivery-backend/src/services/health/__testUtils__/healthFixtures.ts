import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { loadDataset } from '@delivery-insights/gitlab-simulator';
import {
  HealthCheck,
  HealthCheckId,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { ProjectAllowList } from '../../../config/ProjectAllowList';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { createStores, Stores } from '../../../database/createStores';
import { InstanceHealthRecord, ProjectRecord } from '../../../database/types';
import { captureLogger } from '../../../gitlab/__testUtils__/captureLogger';
import { GitlabClient } from '../../../gitlab/GitlabClient';
import { HealthChecker } from '../HealthChecker';

const inDays = (days: number) => DateTime.utc().plus({ days }).toISODate()!;

/** Every token of the health dataset, by what it is for. */
export const TOKENS = {
  ok: 'glpat-health-ok-tk',
  api: 'glpat-health-api-tk',
  expired: 'glpat-health-expired-tk',
  revoked: 'glpat-health-revoked-tk',
  noScope: 'glpat-health-noscope-tk',
  expiresSoon: 'glpat-health-soon-tk',
  outsider: 'glpat-health-outsider-tk',
  guest: 'glpat-health-guest-tk',
  former: 'glpat-health-former-tk',
  minimal: 'glpat-health-minimal-tk',
  blocked: 'glpat-health-blocked-tk',
  unknown: 'glpat-health-unknown-tk',
} as const;

/** An OAuth application of the bot, as gitlabDelivery.instances[].oauth takes it. */
export const OAUTH = {
  clientId: 'health-app',
  clientSecret: 'health-app-secret-0123456789',
  refreshToken: 'health-refresh-0123456789',
};

const mr = {
  iid: 1,
  title: 'feat: checkout',
  state: 'opened',
  authorId: 7,
  sourceBranch: 'feature/checkout',
  targetBranch: 'main',
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  additions: 1,
  deletions: 1,
  fileCount: 1,
  notes: [],
  approvals: [],
  closesIssues: [],
};

/**
 * Users, tokens, groups and projects for every diagnosis: the bot is a
 * Reporter of `team` and `platform/payments`; `platform` is internal and
 * holds an expired and a Minimal Access membership; `secret` is hidden.
 */
export function healthDataset() {
  return loadDataset({
    users: [
      { id: 1, username: 'backstage-bot', name: 'Backstage' },
      { id: 2, username: 'outsider', name: 'Outsider' },
      { id: 3, username: 'gary.guest', name: 'Gary' },
      { id: 4, username: 'former.member', name: 'Former' },
      { id: 5, username: 'minimal.member', name: 'Minimal' },
      { id: 6, username: 'blocked.user', name: 'Blocked', state: 'blocked' },
      { id: 7, username: 'alice', name: 'Alice' },
    ],
    tokens: [
      {
        token: TOKENS.ok,
        name: 'backstage-health',
        userId: 1,
        scopes: ['read_api'],
        expiresAt: inDays(90),
      },
      { token: TOKENS.api, name: 'backstage-api', userId: 1, scopes: ['api'] },
      {
        token: TOKENS.expired,
        name: 'backstage-expired',
        userId: 1,
        scopes: ['read_api'],
        expiresAt: '2025-01-01',
      },
      {
        token: TOKENS.revoked,
        name: 'backstage-revoked',
        userId: 1,
        scopes: ['read_api'],
        revoked: true,
      },
      {
        token: TOKENS.noScope,
        name: 'backstage-read-user',
        userId: 1,
        scopes: ['read_user'],
      },
      {
        token: TOKENS.expiresSoon,
        name: 'backstage-soon',
        userId: 1,
        scopes: ['read_api'],
        expiresAt: inDays(5),
      },
      {
        token: TOKENS.outsider,
        name: 'outsider',
        userId: 2,
        scopes: ['read_api'],
      },
      { token: TOKENS.guest, name: 'guest', userId: 3, scopes: ['read_api'] },
      { token: TOKENS.former, name: 'former', userId: 4, scopes: ['read_api'] },
      {
        token: TOKENS.minimal,
        name: 'minimal',
        userId: 5,
        scopes: ['read_api'],
      },
      {
        token: TOKENS.blocked,
        name: 'blocked',
        userId: 6,
        scopes: ['read_api'],
      },
    ],
    groups: [
      { id: 100, path: 'team', members: [{ userId: 1, accessLevel: 20 }] },
      {
        id: 200,
        path: 'platform',
        visibility: 'internal',
        members: [
          { userId: 4, accessLevel: 30, expiresAt: '2025-06-01' },
          { userId: 5, accessLevel: 5 },
        ],
      },
      {
        id: 201,
        path: 'platform/payments',
        members: [{ userId: 1, accessLevel: 20 }],
      },
      { id: 300, path: 'secret', members: [] },
    ],
    projects: [
      {
        id: 42,
        path: 'team/service',
        members: [{ userId: 3, accessLevel: 10 }],
        mergeRequests: [mr],
      },
      {
        id: 43,
        path: 'team/archive',
        mergeRequestsEnabled: false,
        members: [],
      },
      {
        id: 44,
        path: 'platform/payments/api',
        members: [],
        mergeRequests: [mr],
      },
      { id: 45, path: 'secret/vault', members: [] },
      {
        id: 46,
        path: 'team/expiring',
        members: [{ userId: 1, accessLevel: 30, expiresAt: inDays(3) }],
      },
    ],
    oauthApplications: [
      {
        clientId: OAUTH.clientId,
        clientSecret: OAUTH.clientSecret,
        refreshTokens: [
          { token: OAUTH.refreshToken, userId: 1, scopes: ['read_api'] },
        ],
      },
    ],
  });
}

/** The simulator as a configured instance with the given token. */
export function instanceOf(
  url: string,
  token: string | undefined,
  overrides: Partial<GitlabInstanceConfig> = {},
): GitlabInstanceConfig {
  return {
    host: new URL(url).host,
    apiBaseUrl: `${url}/api/v4`,
    baseUrl: url,
    token,
    requestsPerMinute: 1_000_000,
    ...overrides,
  };
}

/** A project as the store lists it, not synced yet. */
export function projectRecord(host: string, key: string): ProjectRecord {
  return {
    host,
    key,
    projectId: null,
    path: key.startsWith('#') ? null : key,
    webUrl: null,
    autoSync: true,
    autoSyncChangedBy: null,
    autoSyncChangedAt: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    mergeRequestCount: 0,
    lastErrorCode: null,
    lastErrorMessage: null,
  };
}

/** The results of one live run. */
export interface CheckRun {
  instance: InstanceHealthRecord;
  projects: Map<string, HealthCheck[]>;
}

/** Every line logged by the checkers of these tests. */
export const logLines: string[] = [];

/** Checks one instance and some of its projects live, with short timeouts and fast retries. */
export async function runChecks(
  store: Stores,
  instance: GitlabInstanceConfig,
  options: {
    projects?: string[];
    timeoutMs?: number;
    allowList?: ProjectAllowList;
  } = {},
): Promise<CheckRun> {
  const { logger, lines } = captureLogger();
  const client = new GitlabClient({
    instance,
    logger,
    requestTimeoutMs: options.timeoutMs ?? 2000,
    retry: { maxRetries: 1, baseDelayMs: 1, delayScale: 0.001 },
  });
  try {
    const checker = new HealthChecker({
      config: {
        instances: [instance],
        requestTimeoutMs: options.timeoutMs ?? 2000,
        concurrency: 2,
        allowList: options.allowList ?? new ProjectAllowList(),
      },
      clients: new Map([[instance.host, client]]),
      projects: store.projects,
      health: store.health,
      logger,
      probeTimeoutMs: options.timeoutMs ?? 2000,
    });
    const projects = (options.projects ?? []).map(key =>
      projectRecord(instance.host, key),
    );
    await checker.check({ hosts: [instance.host], projects });
    const stored = await store.health.listInstanceHealth();
    const checks = await store.health.listProjectChecks(projects);
    return {
      instance: stored.find(s => s.host === instance.host)!,
      projects: new Map(checks.map(c => [c.key, c.checks])),
    };
  } finally {
    logLines.push(...lines);
    await client.close();
  }
}

/** The check with the id; fails the test when it is missing. */
export function checkOf(checks: HealthCheck[], id: HealthCheckId): HealthCheck {
  const found = checks.find(c => c.id === id);
  if (!found) throw new Error(`no ${id} among ${checks.map(c => c.id)}`);
  return found;
}

/** A fresh store per database, shared by the tests of a file. */
export async function createHealthStore(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<Stores> {
  const knex = await databases.init(databaseId);
  return createStores({ database: { getClient: async () => knex } });
}
