import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  RELATION_OWNED_BY,
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
import { EntityProjectLimits, entityProjects } from './entityProjects';

/** The key under which an entity's projects are stored. @internal */
export function entityKey(entity: Entity | string): string {
  const ref = typeof entity === 'string' ? entity : stringifyEntityRef(entity);
  return ref.toLocaleLowerCase('en-US');
}

interface Mapping {
  projects: ProjectKey[];
  warnings: string[];
}

function projectSet(projects: ProjectKey[]): string {
  return projects
    .map(p => `${p.host}|${p.key}`)
    .sort()
    .join('\n');
}

function sameMapping(stored: Mapping | undefined, read: Mapping): boolean {
  return (
    stored !== undefined &&
    projectSet(stored.projects) === projectSet(read.projects) &&
    JSON.stringify(stored.warnings) === JSON.stringify(read.warnings)
  );
}

/** Groups of entities: a parent key and the keys of its members. */
class Members {
  private readonly byParent = new Map<string, Set<string>>();

  add(parent: string, member: string) {
    const set = this.byParent.get(parent) ?? new Set<string>();
    set.add(member);
    this.byParent.set(parent, set);
  }

  entries(): Array<[string, string[]]> {
    return [...this.byParent].map(([parent, set]) => [parent, [...set]]);
  }
}

function parents(entity: Entity, type: string, kind: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => entityKey(r.targetRef))
    .filter(ref => ref.startsWith(`${kind}:`));
}

function union(mappings: Array<Mapping | undefined>): ProjectKey[] {
  const projects = new Map<string, ProjectKey>();
  for (const mapping of mappings) {
    for (const project of mapping?.projects ?? []) {
      projects.set(`${project.host}|${project.key}`, project);
    }
  }
  return [...projects.values()];
}

/**
 * Reads the catalog with the plugin's own credentials and records which
 * GitLab projects each entity names: what the sync syncs. A System, Domain or
 * Group without annotations of its own gets the projects of its parts, of
 * its systems, or of the entities it owns, so that a manual sync of it
 * reaches them; what a user sees of it is read with the user's credentials
 * (see EntityContexts). A bad annotation is a warning of its entity and
 * never stops the mapping of the others.
 * @internal
 */
export class CatalogProjectSource {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      projects: Pick<
        ProjectStore,
        'replaceEntity' | 'retainEntities' | 'listMappings'
      >;
      hosts: string[];
      logger: LoggerService;
      limits?: EntityProjectLimits;
    },
  ) {}

  /**
   * Refreshes the entity → project mapping, writing only the entities whose
   * projects or warnings changed, so that reading it every minute is cheap
   * and a newly named project starts syncing within a minute. Returns the
   * number of entities.
   */
  async refresh(): Promise<number> {
    const { projects: store, logger } = this.options;
    const [byEntity, stored] = await Promise.all([
      this.read(),
      store.listMappings(),
    ]);
    let changed = 0;
    for (const [ref, { projects, warnings }] of byEntity) {
      if (sameMapping(stored.get(ref), { projects, warnings })) continue;
      changed += 1;
      try {
        await store.replaceEntity(ref, projects, warnings);
      } catch (error) {
        logger.warn(`Could not record the GitLab projects of ${ref}: ${error}`);
        const warning =
          'The GitLab projects of this entity could not be recorded, so none is synced: check its annotations (a path longer than GitLab allows, say); the backend log names the cause';
        await store
          .replaceEntity(ref, [], [...warnings, warning])
          .catch(() => undefined);
      }
    }
    if ([...stored.keys()].some(ref => !byEntity.has(ref))) {
      await store.retainEntities([...byEntity.keys()]);
    }
    if (changed > 0) {
      logger.info(
        `Catalog: ${byEntity.size} entities name GitLab projects, ${changed} changed`,
      );
    }
    return byEntity.size;
  }

  private async read(): Promise<Map<string, Mapping>> {
    const { catalog, auth, hosts, limits } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const byEntity = new Map<string, Mapping>();
    const systemParts = new Members();
    const domainSystems = new Members();
    const groupOwned = new Members();

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
          // Systems without annotations too: they tie components to domains.
          { kind: 'system' },
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
        const ref = entityKey(entity);
        if (ref.startsWith('system:')) {
          parents(entity, RELATION_PART_OF, 'domain').forEach(d =>
            domainSystems.add(d, ref),
          );
        }
        const { projects, warnings, notConfigured } = entityProjects(
          entity,
          hosts,
          limits,
        );
        if (notConfigured?.reason === 'missing_annotation') continue;
        byEntity.set(ref, { projects, warnings });
        parents(entity, RELATION_PART_OF, 'system').forEach(s =>
          systemParts.add(s, ref),
        );
        parents(entity, RELATION_OWNED_BY, 'group').forEach(g =>
          groupOwned.add(g, ref),
        );
      }
    }

    const aggregate = (members: Members) => {
      for (const [parent, children] of members.entries()) {
        if (byEntity.get(parent)?.projects.length) continue;
        const projects = union(children.map(c => byEntity.get(c)));
        if (projects.length > 0) {
          byEntity.set(parent, { projects, warnings: [] });
        }
      }
    };
    // Systems first: a domain takes its systems' projects, own or gathered.
    aggregate(systemParts);
    aggregate(domainSystems);
    aggregate(groupOwned);
    return byEntity;
  }
}
