import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GITLAB_PROJECT_ID_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
  SOURCE_LOCATION_ANNOTATION,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { ProjectKey, ProjectStore } from '../database/types';
import { entityProjects } from './entityProjects';

/** The key under which an entity's projects are stored. @internal */
export function entityKey(entity: Entity | string): string {
  const ref = typeof entity === 'string' ? entity : stringifyEntityRef(entity);
  return ref.toLocaleLowerCase('en-US');
}

/**
 * Reads the catalog and records which GitLab projects each entity names.
 * A System without annotations of its own gets the projects of its parts.
 * @internal
 */
export class CatalogProjectSource {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      projects: Pick<ProjectStore, 'replaceEntity' | 'retainEntities'>;
      hosts: string[];
      logger: LoggerService;
    },
  ) {}

  /** Refreshes the entity → project mapping; returns the number of entities. */
  async refresh(): Promise<number> {
    const { catalog, auth, projects: store, hosts, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const byEntity = new Map<
      string,
      { projects: ProjectKey[]; warnings: string[] }
    >();
    const parts = new Map<string, string[]>();

    const stream = catalog.streamEntities(
      {
        filter: [
          {
            [`metadata.annotations.${GITLAB_PROJECT_SLUG_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${GITLAB_PROJECT_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${SOURCE_LOCATION_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          'relations',
        ],
      },
      { credentials },
    );
    for await (const page of stream) {
      for (const entity of page) {
        const { projects, warnings, notConfigured } = entityProjects(
          entity,
          hosts,
        );
        if (notConfigured?.reason === 'missing_annotation') continue;
        const ref = entityKey(entity);
        byEntity.set(ref, { projects, warnings });
        for (const relation of entity.relations ?? []) {
          if (relation.type !== RELATION_PART_OF) continue;
          const parent = entityKey(relation.targetRef);
          if (!parent.startsWith('system:')) continue;
          parts.set(parent, [...(parts.get(parent) ?? []), ref]);
        }
      }
    }

    for (const [system, children] of parts) {
      if (byEntity.get(system)?.projects.length) continue;
      const projects = new Map<string, ProjectKey>();
      for (const child of children) {
        for (const project of byEntity.get(child)?.projects ?? []) {
          projects.set(`${project.host}|${project.key}`, project);
        }
      }
      byEntity.set(system, { projects: [...projects.values()], warnings: [] });
    }

    for (const [ref, { projects, warnings }] of byEntity) {
      await store.replaceEntity(ref, projects, warnings);
    }
    await store.retainEntities([...byEntity.keys()]);
    logger.info(`Catalog: ${byEntity.size} entities name GitLab projects`);
    return byEntity.size;
  }
}
