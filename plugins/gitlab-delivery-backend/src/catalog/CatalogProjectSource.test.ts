import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { createStores } from '../database/createStores';
import { ProjectStore } from '../database/types';
import { testDatabases } from '../__testUtils__/databases';
import { CatalogProjectSource } from './CatalogProjectSource';

const databases = testDatabases();
const HOST = 'gitlab.example.com';

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  relations: Array<[string, string]> = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const slug = (value: string) => ({ 'gitlab.com/project-slug': value });

function source(
  entities: Entity[],
  projects: Pick<
    ProjectStore,
    'replaceEntity' | 'retainEntities' | 'listMappings'
  >,
  allowList?: ProjectAllowList,
) {
  return new CatalogProjectSource({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    projects,
    hosts: [HOST],
    logger: mockServices.logger.mock(),
    limits: { allowList, maxProjects: 3 },
  });
}

describe.each(databases.eachSupportedId())(
  'CatalogProjectSource on %p',
  databaseId => {
    async function store() {
      const knex = await databases.init(databaseId);
      return (await createStores({ database: { getClient: async () => knex } }))
        .projects;
    }

    it('records a bad annotation as a warning of its entity and maps the others', async () => {
      const projects = await store();
      const tooLong = `team/${'x'.repeat(1100)}`;
      const count = await source(
        [
          entity('Component', 'a', slug('team/a')),
          entity('Component', 'long', slug(tooLong)),
          entity('Component', 'many', slug('team/1, team/2, team/3, team/4')),
          entity('Component', 'b', slug('team/b')),
        ],
        projects,
      ).refresh();

      expect(count).toBe(4);
      expect(
        (await projects.getEntity('component:default/a'))?.projects,
      ).toEqual([expect.objectContaining({ key: 'team/a' })]);
      expect(
        (await projects.getEntity('component:default/b'))?.projects,
      ).toHaveLength(1);
      expect(await projects.getEntity('component:default/long')).toEqual({
        entityRef: 'component:default/long',
        projects: [],
        warnings: [expect.stringContaining('1105 characters long')],
      });
      const many = await projects.getEntity('component:default/many');
      expect(many?.projects.map(p => p.key)).toEqual([
        'team/1',
        'team/2',
        'team/3',
      ]);
      expect(many?.warnings).toEqual([
        expect.stringContaining('gitlabDelivery.maxProjectsPerEntity'),
      ]);
    });

    it('checks the length itself, since only PostgreSQL refuses a key longer than the column', async () => {
      const projects = await store();
      const outcome = await projects
        .replaceEntity(
          'component:default/long',
          [{ host: HOST, key: `team/${'x'.repeat(1100)}` }],
          [],
        )
        .then(
          () => 'stored',
          error => String(error),
        );
      expect(outcome).toMatch(
        databaseId === 'POSTGRES_15' ? /too long/ : /^stored$/,
      );
    });

    it('keeps projects outside the allow-list out of the mapping the sync reads', async () => {
      const projects = await store();
      await source(
        [entity('Component', 'a', slug('team/a, finance/payroll'))],
        projects,
        new ProjectAllowList(
          new Map([[HOST, { patterns: ['team/**'], ids: [] }]]),
        ),
      ).refresh();
      expect((await projects.listProjects()).map(p => p.key)).toEqual([
        'team/a',
      ]);
      expect(
        (await projects.getEntity('component:default/a'))?.warnings,
      ).toEqual([
        expect.stringContaining(
          'finance/payroll on gitlab.example.com is not in',
        ),
      ]);
    });

    it('writes only the entities whose projects changed, so that it can be read every minute', async () => {
      const projects = await store();
      const replace = jest.spyOn(projects, 'replaceEntity');
      const retain = jest.spyOn(projects, 'retainEntities');
      const first = [
        entity('Component', 'a', slug('team/a')),
        entity('Component', 'b', slug('team/b')),
      ];
      await source(first, projects).refresh();
      expect(replace).toHaveBeenCalledTimes(2);
      replace.mockClear();
      await source(first, projects).refresh();
      expect(replace).not.toHaveBeenCalled();
      expect(retain).not.toHaveBeenCalled();

      // An edited annotation, and an entity gone from the catalog.
      await source(
        [entity('Component', 'a', slug('team/a2'))],
        projects,
      ).refresh();
      expect(replace.mock.calls.map(call => call[0])).toEqual([
        'component:default/a',
      ]);
      expect(retain).toHaveBeenCalledWith(['component:default/a']);
      expect(await projects.listMappings()).toEqual(
        new Map([
          [
            'component:default/a',
            { projects: [{ host: HOST, key: 'team/a2' }], warnings: [] },
          ],
        ]),
      );
    });

    it('gives a System, a Domain and a Group without annotations the projects of their members', async () => {
      const projects = await store();
      await source(
        [
          entity('Component', 'a', slug('team/a'), [
            ['partOf', 'system:default/shop'],
            ['ownedBy', 'group:default/team'],
          ]),
          entity('Component', 'b', slug('team/b'), [
            ['partOf', 'system:default/shop'],
          ]),
          entity('System', 'shop', {}, [['partOf', 'domain:default/commerce']]),
          entity('System', 'own', slug('team/own'), [
            ['partOf', 'domain:default/commerce'],
          ]),
        ],
        projects,
      ).refresh();
      const keys = async (ref: string) =>
        (await projects.getEntity(ref))?.projects.map(p => p.key);
      expect(await keys('system:default/shop')).toEqual(['team/a', 'team/b']);
      expect(await keys('system:default/own')).toEqual(['team/own']);
      expect(await keys('domain:default/commerce')).toEqual([
        'team/a',
        'team/b',
        'team/own',
      ]);
      expect(await keys('group:default/team')).toEqual(['team/a']);
    });
  },
);

describe('CatalogProjectSource', () => {
  it('goes on mapping the other entities when the store refuses one', async () => {
    const stored = new Map<string, string[]>();
    const projects = {
      replaceEntity: jest.fn(
        async (
          ref: string,
          keys: Array<{ key: string }>,
          warnings: string[],
        ) => {
          if (ref === 'component:default/bad' && keys.length > 0) {
            throw new Error('value too long for type character varying(1024)');
          }
          stored.set(ref, [...keys.map(k => k.key), ...warnings]);
        },
      ),
      retainEntities: jest.fn(async () => {}),
      listMappings: jest.fn(async () => new Map()),
    };
    await source(
      [
        entity('Component', 'bad', slug('team/bad')),
        entity('Component', 'good', slug('team/good')),
      ],
      projects,
    ).refresh();
    expect(stored.get('component:default/good')).toEqual(['team/good']);
    expect(stored.get('component:default/bad')).toEqual([
      expect.stringContaining('could not be recorded'),
    ]);
  });
});
