import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotConfigured } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ProjectKey, ProjectRecord, ProjectStore } from '../database/types';
import { entityKey } from './CatalogProjectSource';
import { AGGREGATE_KINDS, EntityAccess } from './EntityAccess';
import { EntityProjectLimits, entityProjects } from './entityProjects';

/** An entity the caller may see, with its projects as stored. @internal */
export interface EntityContext {
  entity: Entity;
  entityRef: string;
  projects: ProjectRecord[];
  warnings: string[];
  notConfigured?: NotConfigured;
  /** Whether the projects come from the entity's own annotations, not from the entities it groups. */
  fromAnnotations: boolean;
}

/** The record of a project the sync has not stored yet. @internal */
export function unsyncedProject(key: ProjectKey): ProjectRecord {
  return {
    ...key,
    projectId: null,
    path: key.key.startsWith('#') ? null : key.key,
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

function notFound(ref: CompoundEntityRef): NotFoundError {
  return new NotFoundError(
    `No entity ${ref.kind}:${ref.namespace}/${ref.name} in the catalog`,
  );
}

/**
 * Reads entities with the caller's credentials, and their projects. Shared
 * by the services that serve one entity's data. An entity the caller cannot
 * see, or whose data the permission gitlab-delivery.entity.read denies, is
 * not found. A System, Domain or Group without annotations of its own has
 * the projects of the entities it groups that the caller may see.
 * @internal
 */
export class EntityContexts {
  private readonly access: EntityAccess;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      projects: Pick<ProjectStore, 'getProject'>;
      hosts: string[];
      limits?: EntityProjectLimits;
    },
  ) {
    this.access = new EntityAccess(options);
  }

  /**
   * The entity (404 when it is missing, hidden from the caller or its data
   * denied) and its projects. Annotations are read live so that an edit
   * shows at once.
   */
  async load(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityContext> {
    const { catalog, hosts, limits } = this.options;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw notFound(ref);
    const [readable] = await this.access.readable([entity], credentials);
    if (!readable) throw notFound(ref);
    const entityRef = entityKey(entity);
    const own = entityProjects(entity, hosts, limits);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (
      own.notConfigured?.reason === 'missing_annotation' &&
      AGGREGATE_KINDS.includes(kind)
    ) {
      return this.aggregate(entity, entityRef, credentials);
    }
    const { projects, warnings } = await this.records(own.projects);
    return {
      entity,
      entityRef,
      projects,
      warnings: [...own.warnings, ...warnings],
      notConfigured: own.notConfigured,
      fromAnnotations: true,
    };
  }

  /** The projects of the members of a System, Domain or Group that the caller may see. */
  private async aggregate(
    entity: Entity,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityContext> {
    const { hosts, limits } = this.options;
    const members = await this.access.members(entity, credentials);
    const keys = new Map<string, ProjectKey>();
    const warnings: string[] = [];
    for (const member of members) {
      const found = entityProjects(member, hosts, limits);
      if (found.notConfigured?.reason === 'missing_annotation') continue;
      const memberRef = stringifyEntityRef(member);
      warnings.push(...found.warnings.map(w => `${memberRef}: ${w}`));
      for (const project of found.projects) {
        keys.set(`${project.host}|${project.key}`, project);
      }
    }
    const records = await this.records([...keys.values()]);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    return {
      entity,
      entityRef,
      projects: records.projects,
      warnings: [...warnings, ...records.warnings],
      ...(records.projects.length === 0 && {
        notConfigured: {
          reason: 'missing_annotation' as const,
          message: `No entity of this ${kind} that you can see names a GitLab project: annotate its components with gitlab.com/project-slug.`,
        },
      }),
      fromAnnotations: false,
    };
  }

  /** The stored records of projects; those the sync found outside the allow-list are left out. */
  private async records(
    keys: ProjectKey[],
  ): Promise<{ projects: ProjectRecord[]; warnings: string[] }> {
    const { projects: store, limits } = this.options;
    const records = await Promise.all(
      keys.map(
        async key => (await store.getProject(key)) ?? unsyncedProject(key),
      ),
    );
    const allowList = limits?.allowList;
    if (!allowList) return { projects: records, warnings: [] };
    return {
      projects: records.filter(r => allowList.allows(r)),
      warnings: records
        .filter(r => !allowList.allows(r))
        .map(r => allowList.refusal(r)),
    };
  }
}
