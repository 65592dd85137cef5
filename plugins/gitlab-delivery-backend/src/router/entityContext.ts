import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotConfigured } from '@delivery-insights/plugin-gitlab-delivery-common';
import { entityKey } from '../catalog/CatalogProjectSource';
import { entityProjects } from '../catalog/entityProjects';
import { ProjectKey, ProjectRecord, Store } from '../database/types';

/** An entity the caller may see, with its projects as stored. @internal */
export interface EntityContext {
  entity: Entity;
  entityRef: string;
  projects: ProjectRecord[];
  warnings: string[];
  notConfigured?: NotConfigured;
}

function placeholder(key: ProjectKey): ProjectRecord {
  return {
    ...key,
    projectId: null,
    path: key.key.startsWith('#') ? null : key.key,
    webUrl: null,
    cursor: null,
    autoSync: true,
    lastAttemptAt: null,
    lastSuccessAt: null,
    mergeRequestCount: 0,
    lastErrorCode: null,
    lastErrorMessage: null,
  };
}

/**
 * Reads the entity with the caller's credentials (404 when it is missing or
 * hidden) and its projects. Annotations are read live so that an edit shows
 * at once; a System without its own falls back to the stored mapping.
 * @internal
 */
export async function loadEntityContext(
  ref: { kind: string; namespace: string; name: string },
  deps: {
    catalog: CatalogService;
    store: Store;
    hosts: string[];
    credentials: BackstageCredentials;
  },
): Promise<EntityContext> {
  const entity = await deps.catalog.getEntityByRef(ref, {
    credentials: deps.credentials,
  });
  if (!entity) {
    throw new NotFoundError(
      `No entity ${ref.kind}:${ref.namespace}/${ref.name} in the catalog`,
    );
  }
  const entityRef = entityKey(entity);
  const { projects, warnings, notConfigured } = entityProjects(
    entity,
    deps.hosts,
  );
  if (notConfigured?.reason === 'missing_annotation') {
    const stored = await deps.store.getEntity(entityRef);
    if (stored && stored.projects.length > 0) {
      return { entity, entityRef, projects: stored.projects, warnings };
    }
  }
  const records = await Promise.all(
    projects.map(
      async key => (await deps.store.getProject(key)) ?? placeholder(key),
    ),
  );
  return { entity, entityRef, projects: records, warnings, notConfigured };
}
