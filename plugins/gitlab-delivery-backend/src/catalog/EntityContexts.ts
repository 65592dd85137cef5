import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotConfigured } from '@delivery-insights/plugin-gitlab-delivery-common';
import { ProjectKey, ProjectRecord, ProjectStore } from '../database/types';
import { entityKey } from './CatalogProjectSource';
import { entityProjects } from './entityProjects';

/** An entity the caller may see, with its projects as stored. @internal */
export interface EntityContext {
  entity: Entity;
  entityRef: string;
  projects: ProjectRecord[];
  warnings: string[];
  notConfigured?: NotConfigured;
  /** Whether the projects come from the entity's own annotations, not the stored mapping of its parts. */
  fromAnnotations: boolean;
}

function placeholder(key: ProjectKey): ProjectRecord {
  return {
    ...key,
    projectId: null,
    path: key.key.startsWith('#') ? null : key.key,
    webUrl: null,
    autoSync: true,
    lastAttemptAt: null,
    lastSuccessAt: null,
    mergeRequestCount: 0,
    lastErrorCode: null,
    lastErrorMessage: null,
  };
}

/**
 * Reads entities with the caller's credentials, and their projects. Shared
 * by the services that serve one entity's data.
 * @internal
 */
export class EntityContexts {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      projects: Pick<ProjectStore, 'getEntity' | 'getProject'>;
      hosts: string[];
    },
  ) {}

  /**
   * The entity (404 when it is missing or hidden from the caller) and its
   * projects. Annotations are read live so that an edit shows at once; a
   * System without its own falls back to the stored mapping.
   */
  async load(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityContext> {
    const { catalog, projects: store, hosts } = this.options;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${ref.kind}:${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    const entityRef = entityKey(entity);
    const { projects, warnings, notConfigured } = entityProjects(entity, hosts);
    if (notConfigured?.reason === 'missing_annotation') {
      const stored = await store.getEntity(entityRef);
      if (stored && stored.projects.length > 0) {
        return {
          entity,
          entityRef,
          projects: stored.projects,
          warnings,
          fromAnnotations: false,
        };
      }
    }
    const records = await Promise.all(
      projects.map(
        async key => (await store.getProject(key)) ?? placeholder(key),
      ),
    );
    return {
      entity,
      entityRef,
      projects: records,
      warnings,
      notConfigured,
      fromAnnotations: true,
    };
  }
}
