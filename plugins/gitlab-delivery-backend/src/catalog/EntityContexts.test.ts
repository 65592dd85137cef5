import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { ProjectAllowList } from '../config/ProjectAllowList';
import { EntityContexts } from './EntityContexts';

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

const ENTITIES = [
  entity('System', 'shop', {}, [
    ['hasPart', 'component:default/web'],
    ['hasPart', 'component:default/payroll'],
    ['hasPart', 'component:default/denied'],
  ]),
  entity('Component', 'web', slug('team/web')),
  entity('Component', 'payroll', slug('finance/payroll')),
  entity('Component', 'denied', slug('team/denied')),
  entity('Domain', 'commerce', {}, [['hasPart', 'system:default/shop']]),
  entity('Group', 'team', {}, [
    ['ownerOf', 'component:default/web'],
    ['ownerOf', 'component:default/denied'],
  ]),
  entity('Component', 'secret', slug('team/secret')),
];

/** A catalog that hides `finance/payroll`'s component and `secret` from users. */
function catalog(): CatalogService {
  const byRef = new Map(ENTITIES.map(e => [stringifyEntityRef(e), e]));
  const hidden = (ref: string, credentials: BackstageCredentials) =>
    (credentials.principal as { type: string }).type === 'user' &&
    ['component:default/payroll'].includes(ref);
  return {
    getEntityByRef: async (
      ref: string | CompoundEntityRef,
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      const key = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
      return hidden(key, credentials) ? undefined : byRef.get(key);
    },
    getEntitiesByRefs: async (
      request: { entityRefs: string[] },
      { credentials }: { credentials: BackstageCredentials },
    ) => ({
      items: request.entityRefs.map(ref =>
        hidden(ref, credentials) ? undefined : byRef.get(ref),
      ),
    }),
  } as unknown as CatalogService;
}

/** A policy that denies gitlab-delivery.entity.read on the given entities. */
function permissions(denied: string[]): PermissionsService {
  const authorize = async (requests: AuthorizePermissionRequest[]) =>
    requests.map(request => ({
      result:
        'resourceRef' in request &&
        request.permission.name === 'gitlab-delivery.entity.read' &&
        denied.includes(String(request.resourceRef))
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  return {
    authorize,
    authorizeConditional: authorize,
  } as unknown as PermissionsService;
}

function contexts(denied: string[] = [], allowList?: ProjectAllowList) {
  return new EntityContexts({
    catalog: catalog(),
    permissions: permissions(denied),
    projects: { getProject: async () => undefined },
    hosts: [HOST],
    limits: { allowList },
  });
}

const ref = (kind: string, name: string) => ({
  kind,
  namespace: 'default',
  name,
});
const user = mockCredentials.user();

describe('EntityContexts', () => {
  it('asks for gitlab-delivery.entity.read with the entity ref as resource, and answers 404 when denied', async () => {
    const authorize = jest.fn(
      permissions(['component:default/secret']).authorize,
    );
    const entities = new EntityContexts({
      catalog: catalog(),
      permissions: { authorize, authorizeConditional: authorize } as never,
      projects: { getProject: async () => undefined },
      hosts: [HOST],
    });
    await expect(
      entities.load(ref('component', 'secret'), user),
    ).rejects.toThrow(
      new NotFoundError('No entity component:default/secret in the catalog'),
    );
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'gitlab-delivery.entity.read',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/secret',
        },
      ],
      { credentials: user },
    );
    // A hidden entity is the same 404: nothing tells them apart.
    await expect(
      entities.load(ref('component', 'payroll'), user),
    ).rejects.toThrow('No entity component:default/payroll in the catalog');
    await expect(
      entities.load(ref('component', 'web'), user),
    ).resolves.toMatchObject({
      entityRef: 'component:default/web',
      projects: [expect.objectContaining({ key: 'team/web' })],
      fromAnnotations: true,
    });
  });

  it("gives a System only the parts the caller can see and read, read with the caller's credentials", async () => {
    const system = await contexts(['component:default/denied']).load(
      ref('system', 'shop'),
      user,
    );
    expect(system.projects.map(p => p.key)).toEqual(['team/web']);
    expect(system.fromAnnotations).toBe(false);
    expect(JSON.stringify([system.projects, system.warnings])).not.toMatch(
      /payroll|denied/,
    );

    const service = await contexts().load(
      ref('system', 'shop'),
      mockCredentials.service(),
    );
    expect(service.projects.map(p => p.key).sort()).toEqual([
      'finance/payroll',
      'team/denied',
      'team/web',
    ]);
  });

  it("gives a Domain its systems' parts and a Group what it owns, as far as the caller may see", async () => {
    const domain = await contexts(['component:default/denied']).load(
      ref('domain', 'commerce'),
      user,
    );
    expect(domain.projects.map(p => p.key)).toEqual(['team/web']);
    const group = await contexts(['component:default/web']).load(
      ref('group', 'team'),
      user,
    );
    expect(group.projects.map(p => p.key)).toEqual(['team/denied']);

    const hiddenSystem = await contexts(['system:default/shop']).load(
      ref('domain', 'commerce'),
      user,
    );
    expect(hiddenSystem.projects).toEqual([]);
    expect(hiddenSystem.notConfigured).toEqual({
      reason: 'missing_annotation',
      message: expect.stringContaining(
        'No entity of this domain that you can see',
      ),
    });
  });

  it('leaves out projects outside the allow-list, also once resolved elsewhere', async () => {
    const allowList = new ProjectAllowList(
      new Map([[HOST, { patterns: ['team/**'], ids: [] }]]),
    );
    const entities = new EntityContexts({
      catalog: catalog(),
      permissions: permissions([]),
      projects: {
        getProject: async key =>
          key.key === 'team/web'
            ? {
                ...key,
                projectId: 7,
                path: 'finance/web',
                webUrl: null,
                cursor: null,
                autoSync: true,
                autoSyncChangedBy: null,
                autoSyncChangedAt: null,
                lastAttemptAt: null,
                lastSuccessAt: null,
                mergeRequestCount: 3,
                lastErrorCode: null,
                lastErrorMessage: null,
              }
            : undefined,
      },
      hosts: [HOST],
      limits: { allowList },
    });
    const web = await entities.load(ref('component', 'web'), user);
    expect(web.projects).toEqual([]);
    expect(web.warnings).toEqual([
      expect.stringContaining(
        'finance/web on gitlab.example.com is not in gitlabDelivery.instances[].projects.allow',
      ),
    ]);
  });
});
