import { ConfigReader } from '@backstage/config';
import { DateTime, Duration } from 'luxon';
import { readDeliveryConfig } from '../../config/readDeliveryConfig';
import { Stores } from '../../database/createStores';
import { testDatabases } from '../../__testUtils__/databases';
import {
  checkOf,
  createHealthStore,
  projectRecord,
} from './__testUtils__/healthFixtures';
import { TokenStorage } from './checks/policyChecks';
import { HealthReport } from './HealthReport';

const databases = testDatabases();
const NOW = DateTime.fromISO('2026-11-25T12:00:00Z', { zone: 'utc' });
const HOST = 'gitlab.example.com';

describe.each(databases.eachSupportedId())('HealthReport on %p', databaseId => {
  let store: Stores;
  beforeAll(async () => {
    store = await createHealthStore(databases, databaseId);
  });

  function report(
    config: Parameters<typeof readDeliveryConfig>[0],
    storage?: TokenStorage,
  ) {
    return new HealthReport({
      health: store.health,
      config: readDeliveryConfig(config),
      storage,
      period: Duration.fromObject({ minutes: 15 }),
      now: () => NOW,
      configReadAt: NOW,
    });
  }

  const validConfig = new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: HOST,
          apiBaseUrl: `https://${HOST}/api/v4`,
          token: 'glpat-report-tk',
        },
      ],
    },
  });

  it('serves the stored checks and facts of an instance, and nothing else from GitLab', async () => {
    await store.health.saveInstanceHealth({
      host: HOST,
      version: '17.5.0',
      tokenName: 'backstage',
      tokenScopes: ['read_api'],
      tokenExpiresAt: '2027-01-01T00:00:00.000Z',
      tokenUserId: 1,
      tokenUsername: 'backstage-bot',
      rateLimit: { limit: 2000, remaining: 1999 },
      checkedAt: NOW.toISO()!,
      checks: [
        {
          id: 'token.valid',
          status: 'ok',
          message: 'accepted',
          checkedAt: NOW.toISO()!,
        },
      ],
    });
    expect(await report(validConfig).instances([HOST])).toEqual([
      {
        host: HOST,
        apiBaseUrl: `https://${HOST}/api/v4`,
        version: '17.5.0',
        tokenName: 'backstage',
        tokenScopes: ['read_api'],
        tokenExpiresAt: '2027-01-01T00:00:00.000Z',
        rateLimit: { limit: 2000, remaining: 1999 },
        credential: { source: 'token', oauthApplication: false },
        checks: [
          {
            id: 'token.valid',
            status: 'ok',
            message: 'accepted',
            checkedAt: NOW.toISO(),
          },
          expect.objectContaining({ id: 'instance.allowList' }),
        ],
      },
    ]);
  });

  it('shows configuration problems as checks that name the key to fix', async () => {
    const instances = await report(
      new ConfigReader({
        integrations: {
          gitlab: [
            {
              host: 'nokey.example.com',
              apiBaseUrl: 'https://nokey.example.com/api/v4',
            },
            {
              host: 'bare.example.com',
              apiBaseUrl: 'https://bare.example.com',
              token: 'glpat-bare-tk',
            },
          ],
        },
        gitlabDelivery: {
          backfillDays: -1,
          instances: [
            { host: 'bare.example.com', caFile: '/nonexistent/ca.pem' },
            { host: 'stray.example.com' },
          ],
        },
      }),
    ).instances();
    expect(instances.map(i => i.host)).toEqual([
      'nokey.example.com',
      'bare.example.com',
      'stray.example.com',
    ]);
    const [nokey, bare, stray] = instances;
    expect(checkOf(nokey.checks, 'token.valid')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('nokey.example.com has no token'),
      remediation:
        'Fix integrations.gitlab[].token in the app configuration and restart the backend.',
    });
    expect(checkOf(bare.checks, 'instance.api')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('which does not end in /api/v4'),
      remediation: expect.stringContaining(
        'Fix integrations.gitlab[].apiBaseUrl',
      ),
    });
    expect(checkOf(bare.checks, 'instance.api').message).toContain(
      'gitlabDelivery.backfillDays must be a positive number',
    );
    expect(checkOf(bare.checks, 'instance.tls')).toMatchObject({
      status: 'error',
      message: expect.stringContaining(
        'cannot read caFile "/nonexistent/ca.pem"',
      ),
      remediation: expect.stringContaining('gitlabDelivery.instances[].caFile'),
    });
    expect(checkOf(nokey.checks, 'instance.api')).toMatchObject({
      status: 'warning',
      message:
        'Configuration: gitlabDelivery.backfillDays must be a positive number; using 180.',
    });
    expect(stray.checks).toEqual([
      expect.objectContaining({
        id: 'instance.api',
        status: 'error',
        message: expect.stringContaining('not in integrations.gitlab'),
      }),
    ]);
  });

  it('shows an instance for a missing integration', async () => {
    const instances = await report(new ConfigReader({})).instances();
    expect(instances).toEqual([
      expect.objectContaining({
        host: 'integrations.gitlab',
        checks: [
          expect.objectContaining({
            id: 'instance.api',
            status: 'error',
            remediation: expect.stringContaining('Fix integrations.gitlab'),
          }),
        ],
      }),
    ]);
  });

  it('computes project.sync from the sync status, with its age', async () => {
    const never = projectRecord(HOST, 'team/never');
    const recent = {
      ...projectRecord(HOST, 'team/recent'),
      projectId: 7,
      lastAttemptAt: '2026-11-25T11:50:00.000Z',
      lastSuccessAt: '2026-11-25T11:50:00.000Z',
      mergeRequestCount: 12,
    };
    const stale = {
      ...recent,
      key: 'team/stale',
      path: 'team/stale',
      lastAttemptAt: '2026-11-25T10:00:00.000Z',
      lastSuccessAt: '2026-11-25T10:00:00.000Z',
    };
    const failing = {
      ...recent,
      key: 'team/failing',
      path: 'team/failing',
      lastAttemptAt: '2026-11-25T11:55:00.000Z',
      lastErrorCode: 'not_found',
      lastErrorMessage: 'GitLab answered 404 Not Found',
    };
    const [a, b, c, d] = await report(validConfig).projects([
      never,
      recent,
      stale,
      failing,
    ]);
    expect(a.status).toBe('warning');
    expect(a.checks).toEqual([
      expect.objectContaining({
        id: 'project.sync',
        status: 'warning',
        message: 'Not synced yet.',
      }),
    ]);
    expect(b.status).toBe('ok');
    expect(b.checks.map(check => [check.id, check.status])).toEqual([
      ['project.resolves', 'ok'],
      ['project.access', 'ok'],
      ['project.merge_requests', 'ok'],
      ['project.sync', 'ok'],
    ]);
    expect(checkOf(b.checks, 'project.sync').message).toBe(
      'Last synced 10 minutes ago (2026-11-25 11:50 UTC); 12 merge requests stored.',
    );
    expect(checkOf(b.checks, 'project.resolves').checkedAt).toBe(
      '2026-11-25T11:50:00.000Z',
    );
    expect(checkOf(c.checks, 'project.sync')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining(
        'The last successful sync was 2 hours ago (2026-11-25 10:00 UTC), more than three schedule periods ago',
      ),
      remediation: expect.stringContaining('check the backend logs'),
    });
    expect(d.status).toBe('error');
    expect(checkOf(d.checks, 'project.sync')).toMatchObject({
      status: 'error',
      message:
        'The last sync, 5 minutes ago (2026-11-25 11:55 UTC), failed: GitLab answered 404 Not Found',
      remediation: expect.stringContaining('gitlab.com/project-slug'),
    });
  });

  it('prefers whichever is newer: the live checks or what the last sync proved', async () => {
    const key = { host: HOST, key: 'Team/Moved' };
    await store.health.saveProjectChecks(key, [
      {
        id: 'project.resolves',
        status: 'error',
        message: 'GitLab answers 404',
        cause: 'wrong_path',
        suggestedPath: 'team/moved',
        checkedAt: '2026-11-25T09:00:00.000Z',
      },
    ]);
    const record = {
      ...projectRecord(HOST, 'Team/Moved'),
      projectId: 8,
      path: 'team/moved',
      lastAttemptAt: '2026-11-25T09:00:00.000Z',
      lastErrorCode: 'not_found',
      lastErrorMessage: 'not found',
    };
    const [failing] = await report(validConfig).projects([record]);
    expect(checkOf(failing.checks, 'project.resolves')).toMatchObject({
      status: 'error',
      cause: 'wrong_path',
    });

    const [synced] = await report(validConfig).projects([
      {
        ...record,
        lastAttemptAt: '2026-11-25T11:00:00.000Z',
        lastSuccessAt: '2026-11-25T11:00:00.000Z',
        lastErrorCode: null,
        lastErrorMessage: null,
      },
    ]);
    expect(checkOf(synced.checks, 'project.resolves')).toMatchObject({
      status: 'warning',
      suggestedPath: 'team/moved',
      remediation: 'Set gitlab.com/project-slug to team/moved, the exact path.',
      checkedAt: '2026-11-25T11:00:00.000Z',
    });
  });

  const oauthConfig = (gitlabDelivery: object) =>
    new ConfigReader({
      integrations: {
        gitlab: [{ host: HOST, apiBaseUrl: `https://${HOST}/api/v4` }],
      },
      gitlabDelivery: {
        ...gitlabDelivery,
        instances: [
          {
            host: HOST,
            oauth: {
              clientId: 'app',
              clientSecret: 'app-secret',
              refreshToken: 'refresh',
            },
            ...(gitlabDelivery as { instance?: object }).instance,
          },
        ],
      },
    });

  it('warns when no allow-list is set, and names what an allow-list allows', async () => {
    const [open] = await report(validConfig).instances([HOST]);
    expect(checkOf(open.checks, 'instance.allowList')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining(
        'No allow-list is set for gitlab.example.com',
      ),
      remediation: expect.stringContaining(
        'gitlabDelivery.instances[].projects.allow',
      ),
    });
    const [closed] = await report(
      oauthConfig({ instance: { projects: { allow: ['platform/**', 42] } } }),
      { configured: true, keyId: 'abcd' },
    ).instances([HOST]);
    expect(checkOf(closed.checks, 'instance.allowList')).toMatchObject({
      status: 'ok',
      message:
        'Only the projects of gitlab.example.com that match "platform/**", id 42 are synced and shown.',
    });
  });

  it('shows a mistyped allow-list key on the instance, with the nearest known key', async () => {
    const [instance] = await report(
      oauthConfig({ instance: { projects: { alow: ['platform/**'] } } }),
    ).instances([HOST]);
    expect(checkOf(instance.checks, 'instance.allowList')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining(
        'gitlabDelivery.instances[0].projects.alow is not a setting of the plugin and is ignored; did you mean gitlabDelivery.instances[0].projects.allow?',
      ),
    });
    expect(checkOf(instance.checks, 'instance.allowList').message).toContain(
      'No allow-list is set',
    );
  });

  it('says that an OAuth instance keeps no refresh token without an encryption key', async () => {
    const [none] = await report(oauthConfig({})).instances([HOST]);
    expect(checkOf(none.checks, 'token.storage')).toMatchObject({
      status: 'error',
      message: expect.stringContaining(
        'gitlabDelivery.encryptionKey is not set',
      ),
      remediation: expect.stringContaining('openssl rand -base64 32'),
    });
    const [stored] = await report(oauthConfig({}), {
      configured: true,
      keyId: '0123456789abcdef',
    }).instances([HOST]);
    expect(checkOf(stored.checks, 'token.storage')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('AES-256-GCM (key 0123456789abcdef)'),
    });
    const [tokenOnly] = await report(validConfig).instances([HOST]);
    expect(tokenOnly.checks.map(c => c.id)).not.toContain('token.storage');
  });

  it('shows viewers without health.read no fact of the instance, and no other project', async () => {
    await store.health.saveInstanceHealth({
      host: HOST,
      version: '17.5.0',
      tokenName: 'backstage',
      tokenScopes: ['read_api'],
      tokenExpiresAt: null,
      tokenUserId: 1,
      tokenUsername: 'backstage-bot',
      rateLimit: null,
      checkedAt: NOW.toISO()!,
      checks: [],
    });
    const wrongCase = { host: HOST, key: 'Team/Wrong' };
    const elsewhere = { host: HOST, key: 'team/typo' };
    await store.health.saveProjectChecks(wrongCase, [
      {
        id: 'project.resolves',
        status: 'error',
        message:
          'No project is at Team/Wrong; the project with that name that @backstage-bot can see is team/wrong.',
        remediation:
          'Give @backstage-bot the Reporter role or higher on team/wrong.',
        cause: 'wrong_path',
        suggestedPath: 'team/wrong',
        checkedAt: NOW.toISO()!,
      },
    ]);
    await store.health.saveProjectChecks(elsewhere, [
      {
        id: 'project.resolves',
        status: 'error',
        message:
          'No project is at team/typo; the project with that name that @backstage-bot can see is secret/typo.',
        cause: 'wrong_path',
        suggestedPath: 'secret/typo',
        checkedAt: NOW.toISO()!,
      },
    ]);
    const failing = {
      ...projectRecord(HOST, 'team/down'),
      lastAttemptAt: NOW.toISO()!,
      lastErrorCode: 'invalid_response',
      lastErrorMessage: `GitLab answered https://${HOST}/api/v4/projects/1 with HTML`,
    };
    const records = [
      projectRecord(HOST, 'Team/Wrong'),
      projectRecord(HOST, 'team/typo'),
      failing,
    ];
    const [a, b, c] = await report(validConfig).projectFactsOnly(records);
    expect(checkOf(a.checks, 'project.resolves')).toMatchObject({
      suggestedPath: 'team/wrong',
      message:
        "No project is at Team/Wrong; the project with that name that the plugin's GitLab user can see is team/wrong.",
      remediation:
        "Give the plugin's GitLab user the Reporter role or higher on team/wrong.",
    });
    const hidden = checkOf(b.checks, 'project.resolves');
    expect(hidden).toMatchObject({ cause: 'unknown', status: 'error' });
    expect(hidden.suggestedPath).toBeUndefined();
    expect(JSON.stringify(b)).not.toContain('secret/typo');
    expect(c.lastErrorMessage).toBe(
      `GitLab answered GitLab's API at ${HOST}/projects/1 with HTML`,
    );
    expect(JSON.stringify([a, b, c])).not.toMatch(
      /backstage-bot|https:\/\/gitlab\.example\.com\/api/,
    );

    // Admins see the path of another project, as long as the allow-list allows it.
    const [, admin] = await report(validConfig).projects(records);
    expect(checkOf(admin.checks, 'project.resolves').suggestedPath).toBe(
      'secret/typo',
    );
    const [, limited] = await report(
      new ConfigReader({
        integrations: validConfig.get('integrations'),
        gitlabDelivery: {
          instances: [{ host: HOST, projects: { allow: ['team/**'] } }],
        },
      } as never),
    ).projects(records);
    expect(
      checkOf(limited.checks, 'project.resolves').suggestedPath,
    ).toBeUndefined();
    expect(JSON.stringify(limited)).not.toContain('secret/typo');
  });
});
