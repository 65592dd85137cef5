import { ConfigReader } from '@backstage/config';
import { editDistance, nearest } from './editDistance';
import { readDeliveryConfig } from './readDeliveryConfig';

const integrations = {
  gitlab: [
    {
      host: 'gitlab.example.com',
      apiBaseUrl: 'https://gitlab.example.com/api/v4',
      token: 'glpat-config-test-token',
    },
    { host: 'gitlab.com', token: 'glpat-config-test-token-2' },
  ],
};

function read(gitlabDelivery: object) {
  return readDeliveryConfig(new ConfigReader({ integrations, gitlabDelivery }));
}

describe('readDeliveryConfig', () => {
  it('reads the allow-list of an instance: globs and ids, as numbers or digits', () => {
    const config = read({
      instances: [
        {
          host: 'GitLab.example.com',
          projects: { allow: ['platform/**', '/team/service/', 1234, '5678'] },
        },
      ],
    });
    expect(config.problems).toEqual([]);
    expect(config.allowList.listOf('gitlab.example.com')).toEqual({
      patterns: ['platform/**', 'team/service'],
      ids: [1234, 5678],
    });
    expect(config.allowList.listOf('gitlab.com')).toBeUndefined();
  });

  it('allows nothing when the allow-list cannot be read, and says so', () => {
    const config = read({
      instances: [
        { host: 'gitlab.example.com', projects: { allow: 'platform/**' } },
      ],
    });
    expect(
      config.allowList.allows({
        host: 'gitlab.example.com',
        key: 'platform/x',
      }),
    ).toBe(false);
    expect(config.problems).toEqual([
      expect.objectContaining({
        host: 'gitlab.example.com',
        key: 'gitlabDelivery.instances[].projects.allow',
        message: expect.stringContaining('must be a list'),
      }),
    ]);
  });

  it('warns about a group name that matches no project, and ignores what is neither glob nor id', () => {
    const config = read({
      instances: [
        {
          host: 'gitlab.example.com',
          projects: { allow: ['platform', -3, { x: 1 }] },
        },
      ],
    });
    expect(config.problems.map(p => p.message)).toEqual([
      expect.stringContaining('write "platform/**"'),
      expect.stringContaining(
        '-3 in gitlabDelivery.instances[].projects.allow',
      ),
      expect.stringContaining(
        '{"x":1} in gitlabDelivery.instances[].projects.allow',
      ),
    ]);
  });

  it('names every unknown key with the nearest known one', () => {
    const config = read({
      retentionDay: 10,
      health: { maxProjectPerRun: 5 },
      instances: [
        { host: 'gitlab.example.com', projects: { alow: ['platform/**'] } },
      ],
      somethingElse: true,
    });
    expect(config.problems).toEqual([
      {
        key: 'gitlabDelivery.retentionDay',
        severity: 'warning',
        message:
          'gitlabDelivery.retentionDay is not a setting of the plugin and is ignored; did you mean gitlabDelivery.retentionDays?',
      },
      expect.objectContaining({
        key: 'gitlabDelivery.health.maxProjectPerRun',
        message: expect.stringContaining(
          'did you mean gitlabDelivery.health.maxProjectsPerRun?',
        ),
      }),
      {
        host: 'gitlab.example.com',
        key: 'gitlabDelivery.instances[0].projects.alow',
        severity: 'warning',
        message:
          'gitlabDelivery.instances[0].projects.alow is not a setting of the plugin and is ignored; did you mean gitlabDelivery.instances[0].projects.allow?',
      },
      expect.objectContaining({
        key: 'gitlabDelivery.somethingElse',
        message: expect.stringContaining(
          'the settings here are schedule, backfillDays',
        ),
      }),
    ]);
    // The misspelt allow-list is not applied: every project stays allowed.
    expect(config.allowList.listOf('gitlab.example.com')).toBeUndefined();
  });

  it('accepts every documented key without a problem', () => {
    const config = read({
      schedule: {
        frequency: { minutes: 15 },
        timeout: { minutes: 4 },
        initialDelay: { seconds: 15 },
      },
      backfillDays: 90,
      excludeAuthors: ['*[bot]'],
      jiraBaseUrl: 'https://jira.example.com/',
      requestTimeoutSeconds: 20,
      concurrency: 3,
      encryptionKey: 'a passphrase that is long enough',
      retentionDays: 10,
      maxProjectsPerEntity: 20,
      health: { maxProjectsPerRun: 5 },
      instances: [
        {
          host: 'gitlab.example.com',
          requestsPerMinute: 100,
          projects: { allow: ['platform/**'] },
          oauth: {
            clientId: 'id',
            clientSecret: 'secret',
            refreshToken: 'refresh',
          },
        },
      ],
    });
    expect(config.problems).toEqual([]);
    expect(config).toMatchObject({
      encryptionKey: 'a passphrase that is long enough',
      retentionDays: 10,
      maxProjectsPerEntity: 20,
      healthMaxProjectsPerRun: 5,
      jiraBaseUrl: 'https://jira.example.com',
    });
  });

  it('takes an OAuth application without a token or refresh token: it is connected from the admin page', () => {
    const config = readDeliveryConfig(
      new ConfigReader({
        integrations: {
          gitlab: [
            {
              host: 'gitlab.example.com',
              apiBaseUrl: 'https://gitlab.example.com/api/v4',
            },
          ],
        },
        gitlabDelivery: {
          instances: [
            {
              host: 'gitlab.example.com',
              oauth: { clientId: 'id', clientSecret: 'secret' },
            },
          ],
        },
      }),
    );
    expect(config.problems).toEqual([]);
    expect(config.instances[0].oauth).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(
      read({
        instances: [{ host: 'gitlab.example.com', oauth: { clientId: 'id' } }],
      }).problems.map(p => p.message),
    ).toEqual([
      'the OAuth application for gitlab.example.com needs clientId and clientSecret',
    ]);
  });

  it('has defaults for the limits', () => {
    expect(read({})).toMatchObject({
      retentionDays: 30,
      maxProjectsPerEntity: 50,
      healthMaxProjectsPerRun: 50,
      encryptionKey: undefined,
    });
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('alow', 'allow')).toBe(1);
    expect(editDistance('Allow', 'allow')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearest('alow', ['allow', 'caFile'])).toBe('allow');
    expect(nearest('zzzzzz', ['allow', 'caFile'])).toBeUndefined();
  });
});
