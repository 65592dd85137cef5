import { Entity } from '@backstage/catalog-model';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { entityProjects } from './entityProjects';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

const hosts = ['gitlab.com', 'gitlab.example.com'];

describe('entityProjects', () => {
  it('uses the first configured host by default and keeps subgroups', () => {
    expect(
      entityProjects(entity({ 'gitlab.com/project-slug': 'a/b/c/d' }), hosts),
    ).toEqual({
      projects: [{ host: 'gitlab.com', key: 'a/b/c/d' }],
      warnings: [],
    });
  });

  it('takes the host from gitlab.com/instance or from the item', () => {
    expect(
      entityProjects(
        entity({
          'gitlab.com/project-slug': 'team/one, gitlab.com:team/two',
          'gitlab.com/instance': 'https://GitLab.example.com/',
        }),
        hosts,
      ).projects,
    ).toEqual([
      { host: 'gitlab.example.com', key: 'team/one' },
      { host: 'gitlab.com', key: 'team/two' },
    ]);
  });

  it('names a project by id until it is resolved', () => {
    expect(
      entityProjects(entity({ 'gitlab.com/project-id': '1234' }), hosts)
        .projects,
    ).toEqual([{ host: 'gitlab.com', key: '#1234' }]);
  });

  it('warns about a malformed annotation and an unknown instance', () => {
    const result = entityProjects(
      entity({
        'gitlab.com/project-slug': 'just-a-name, team/ok',
        'gitlab.com/project-id': 'abc',
      }),
      hosts,
    );
    expect(result.projects).toEqual([{ host: 'gitlab.com', key: 'team/ok' }]);
    expect(result.warnings).toEqual([
      expect.stringContaining('write the full path with its group'),
      expect.stringContaining(
        'gitlab.com/project-id "abc" is not a project id',
      ),
    ]);

    const unknown = entityProjects(
      entity({
        'gitlab.com/project-slug': 'team/x',
        'gitlab.com/instance': 'gitlab.other.org',
      }),
      hosts,
    );
    expect(unknown.projects).toEqual([]);
    expect(unknown.notConfigured).toEqual({
      reason: 'unknown_instance',
      message: expect.stringContaining(
        'gitlab.other.org is not a configured GitLab instance: add it under integrations.gitlab',
      ),
    });
  });

  it('falls back to a source location on a configured host', () => {
    expect(
      entityProjects(
        entity({
          'backstage.io/source-location':
            'url:https://gitlab.example.com/group/sub/project/-/tree/main/',
        }),
        hosts,
      ).projects,
    ).toEqual([{ host: 'gitlab.example.com', key: 'group/sub/project' }]);
    expect(
      entityProjects(
        entity({
          'backstage.io/source-location': 'url:https://github.com/org/repo',
        }),
        hosts,
      ).notConfigured?.reason,
    ).toBe('missing_annotation');
  });

  it('leaves out projects outside the allow-list, with a warning naming the key', () => {
    const allowList = new ProjectAllowList(
      new Map([['gitlab.com', { patterns: ['team/**'], ids: [] }]]),
    );
    const mixed = entityProjects(
      entity({ 'gitlab.com/project-slug': 'team/ok, finance/payroll' }),
      hosts,
      { allowList },
    );
    expect(mixed.projects).toEqual([{ host: 'gitlab.com', key: 'team/ok' }]);
    expect(mixed.warnings).toEqual([
      expect.stringContaining(
        'finance/payroll on gitlab.com is not in gitlabDelivery.instances[].projects.allow',
      ),
    ]);
    const none = entityProjects(
      entity({ 'gitlab.com/project-slug': 'finance/payroll' }),
      hosts,
      { allowList },
    );
    expect(none.projects).toEqual([]);
    expect(none.notConfigured).toEqual({
      reason: 'not_allowed',
      message: expect.stringContaining(
        'gitlabDelivery.instances[].projects.allow',
      ),
    });
  });

  it('leaves out a path longer than the tables hold, and projects past the limit', () => {
    const long = `team/${'x'.repeat(1100)}`;
    const result = entityProjects(
      entity({ 'gitlab.com/project-slug': `${long}, team/a, team/b, team/c` }),
      hosts,
      { maxProjects: 2 },
    );
    expect(result.projects).toEqual([
      { host: 'gitlab.com', key: 'team/a' },
      { host: 'gitlab.com', key: 'team/b' },
    ]);
    expect(result.warnings).toEqual([
      expect.stringContaining('1105 characters long'),
      expect.stringContaining(
        'names 3 GitLab projects; only the first 2 are synced and shown (gitlabDelivery.maxProjectsPerEntity)',
      ),
    ]);
    expect(result.warnings.join()).not.toContain(long);
  });
});
