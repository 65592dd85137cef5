import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import {
  MergeRequestWriter,
  ProjectCursor,
  ProjectRecord,
  ProjectStore,
} from '../../database/types';
import { ProjectAllowList } from '../../config/ProjectAllowList';
import { GitlabClient } from '../../gitlab/GitlabClient';
import { GitlabError } from '../../gitlab/GitlabError';
import { MergeRequestReader } from '../../gitlab/graphql/MergeRequestReader';
import { RestReader } from '../../gitlab/rest/RestReader';
import { GitlabProject } from '../../gitlab/types';
import { forEachConcurrent } from '../../lib/forEachConcurrent';
import { GroupListing } from './GroupListing';
import {
  ProjectSync,
  ProjectSyncSettings,
  SyncStopped,
  SyncTarget,
} from './ProjectSync';

/** How one project key's sync ended. @internal */
export type ProjectSyncOutcome =
  | { host: string; key: string; ok: true; written: number }
  | { host: string; key: string; ok: false; code: string; message: string }
  | { host: string; key: string; skipped: true };

/** What a host sync needs to know beyond a project sync. @internal */
export interface HostSyncSettings extends ProjectSyncSettings {
  concurrency: number;
  /** How often a project's iids are compared with GitLab's. */
  reconcileEveryMs: number;
}

/** A numeric id from a project key of the form `#<id>`. */
function keyId(key: string): number | undefined {
  const match = /^#(\d+)$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

function seconds(iso: string | null | undefined): number | null {
  return iso ? Math.floor(DateTime.fromISO(iso).toMillis() / 1000) : null;
}

/**
 * The keys that name one GitLab project id. The target lists by the path an
 * entity names, so that another project taking that path is noticed; by the
 * stored path when only ids name it. `stored` is the project's path as
 * GitLab last gave it.
 */
interface Unit {
  target: SyncTarget;
  stored: string;
  keys: ProjectRecord[];
  cursor?: ProjectCursor;
  /** Compare every iid with GitLab's in this run. */
  reconcile?: boolean;
  /** The probe found it at its stored path with a newer change: a group listing may read it. */
  probedChange?: boolean;
}

/**
 * The sync of the due projects of one host: resolve the keys entities name
 * to project ids (a project named twice is synced once), probe many projects
 * per request to skip the quiet ones, list the rest from their cursors,
 * reconcile iids once a day, and record each key's outcome.
 * @internal
 */
export class HostSync {
  private readonly reader: MergeRequestReader;
  private readonly rest: RestReader;
  private readonly project: ProjectSync;
  private readonly groups: GroupListing;

  constructor(
    private readonly options: {
      client: GitlabClient;
      projects: Pick<ProjectStore, 'resolveProject'>;
      store: MergeRequestWriter;
      settings: HostSyncSettings;
      logger: LoggerService;
      now: () => DateTime;
      /** Projects outside it are never requested. */
      allowList?: ProjectAllowList;
    },
  ) {
    this.reader = new MergeRequestReader(options.client);
    this.rest = new RestReader(options.client);
    this.project = new ProjectSync({
      host: options.client.host,
      reader: this.reader,
      rest: this.rest,
      store: options.store,
      settings: options.settings,
      now: options.now,
    });
    this.groups = new GroupListing({
      reader: this.reader,
      project: this.project,
      store: options.store,
      host: options.client.host,
      lookBackMs: options.settings.lookBackMs,
      now: options.now,
    });
  }

  /**
   * Syncs the keys; one outcome per key, never throws for a project's
   * failure. The projects of the `reconcile` keys also compare every iid.
   */
  async sync(
    keys: ProjectRecord[],
    options: { signal?: AbortSignal; reconcile?: ProjectRecord[] } = {},
  ): Promise<ProjectSyncOutcome[]> {
    const { signal } = options;
    this.reader.signal = signal;
    this.rest.signal = signal;
    const outcomes: ProjectSyncOutcome[] = [];
    const units = await this.resolve(keys, outcomes, signal);
    if (units.length === 0) return outcomes;
    const cursors = await this.options.store.getCursors(
      this.host,
      units.map(u => u.target.projectId),
    );
    const reconcile = new Set(options.reconcile ?? []);
    for (const unit of units) {
      unit.cursor = cursors.get(unit.target.projectId);
      unit.reconcile = unit.keys.some(key => reconcile.has(key));
    }
    const changed = await this.changed(units, outcomes);
    const byGroup = await this.listByGroup(changed, signal, outcomes);
    await forEachConcurrent(
      changed.filter(unit => !byGroup.has(unit)),
      this.options.settings.concurrency,
      async unit => {
        if (signal?.aborted) {
          outcomes.push(...this.each(unit, { skipped: true }));
          return;
        }
        outcomes.push(...(await this.syncUnit(unit, signal)));
      },
    );
    return outcomes;
  }

  /** Reads by group the probed changes that can be; returns the units it synced. */
  private async listByGroup(
    changed: Unit[],
    signal: AbortSignal | undefined,
    outcomes: ProjectSyncOutcome[],
  ): Promise<Set<Unit>> {
    const eligible = changed.filter(u => u.probedChange && u.cursor?.updatedAt);
    const done = new Set<Unit>();
    if (eligible.length < 2) return done;
    let written;
    try {
      written = await this.groups.sync(
        eligible.map(u => ({ target: u.target, cursor: u.cursor!.updatedAt! })),
        signal,
      );
    } catch (error) {
      if (stopped(error, signal)) {
        for (const unit of eligible) {
          done.add(unit);
          outcomes.push(...this.each(unit, { skipped: true }));
        }
        return done;
      }
      this.options.logger.debug(
        `Group listing on ${this.host} failed, reading each project: ${error}`,
      );
      return done;
    }
    for (const unit of eligible) {
      const count = written.get(unit.target.projectId);
      if (count === undefined) continue;
      done.add(unit);
      outcomes.push(...this.each(unit, { ok: true, written: count }));
    }
    return done;
  }

  private get host(): string {
    return this.options.client.host;
  }

  private each(
    unit: Unit,
    outcome:
      | { ok: true; written: number }
      | { ok: false; code: string; message: string }
      | { skipped: true },
  ): ProjectSyncOutcome[] {
    return unit.keys.map(key => ({
      host: this.host,
      key: key.key,
      ...outcome,
    }));
  }

  /**
   * The project id of every key: stored, or asked for in batches (paths in
   * GraphQL, with REST for a path that moved; ids through the probe's
   * projects query). Keys naming the same id become one unit.
   */
  private async resolve(
    keys: ProjectRecord[],
    outcomes: ProjectSyncOutcome[],
    signal: AbortSignal | undefined,
  ): Promise<Unit[]> {
    const found = new Map<string, GitlabProject>();
    const missing = keys.filter(k => k.projectId === null || !k.path);
    const paths = missing.filter(k => keyId(k.key) === undefined);
    const ids = missing.flatMap(k => keyId(k.key) ?? []);
    let unresolved: ProjectRecord[] = [];
    try {
      if (paths.length > 0) {
        const byPath = await this.reader.findProjects(paths.map(k => k.key));
        for (const key of paths) {
          const project =
            byPath.get(key.key) ?? (await this.rest.findProject(key.key));
          if (project) found.set(key.key, project);
        }
      }
      if (ids.length > 0) {
        for (const [id, probe] of await this.reader.probe(ids)) {
          found.set(`#${id}`, {
            id,
            fullPath: probe.fullPath,
            webUrl: probe.webUrl,
          });
        }
      }
    } catch (error) {
      for (const key of missing) {
        outcomes.push(
          stopped(error, signal)
            ? { host: this.host, key: key.key, skipped: true }
            : this.failure(key, error),
        );
      }
      unresolved = missing;
    }
    const units = new Map<number, Unit>();
    for (const key of keys) {
      if (unresolved.includes(key)) continue;
      let target: SyncTarget | undefined;
      if (key.projectId !== null && key.path) {
        target = {
          projectId: key.projectId,
          path: key.path,
          webUrl: key.webUrl ?? '',
        };
      } else {
        const project = found.get(key.key);
        if (!project) {
          if (missing.includes(key) && !outcomes.some(o => o.key === key.key)) {
            outcomes.push(
              this.failure(
                key,
                this.reader.projectNotFound(keyId(key.key) ?? key.key),
              ),
            );
          }
          continue;
        }
        target = {
          projectId: project.id,
          path: project.fullPath,
          webUrl: project.webUrl,
        };
        await this.options.projects.resolveProject(key, {
          projectId: project.id,
          path: project.fullPath,
          webUrl: project.webUrl,
        });
      }
      const unit = units.get(target.projectId) ?? {
        target,
        stored: target.path,
        keys: [],
      };
      unit.keys.push(key);
      if (keyId(key.key) === undefined) unit.target.path = key.key;
      units.set(target.projectId, unit);
    }
    return [...units.values()];
  }

  /**
   * The units to read: those never read, due for reconciliation, with MRs
   * to read again, or whose newest change differs from the cursor's in one
   * probe per 100 projects. The others are recorded as synced.
   */
  private async changed(
    units: Unit[],
    outcomes: ProjectSyncOutcome[],
  ): Promise<Unit[]> {
    const { store } = this.options;
    const now = this.options.now().toMillis();
    const read = units.filter(
      u =>
        u.cursor?.readAt &&
        !u.reconcile &&
        !this.reconcileDue(u.cursor, now) &&
        u.cursor.backfill === null,
    );
    if (read.length === 0) return units;
    const rechecks = await store.recheckIids(
      this.host,
      read.map(u => u.target.projectId),
    );
    const candidates = read.filter(u => !rechecks.has(u.target.projectId));
    let probes;
    try {
      probes = await this.reader.probe(candidates.map(u => u.target.projectId));
    } catch (error) {
      this.options.logger.debug(
        `Probe of ${candidates.length} projects on ${this.host} failed, reading each: ${error}`,
      );
      return units;
    }
    const quiet = new Set<Unit>();
    for (const unit of candidates) {
      const probe = probes.get(unit.target.projectId);
      if (
        !probe ||
        probe.fullPath.toLowerCase() !== unit.stored.toLowerCase()
      ) {
        continue;
      }
      if (
        seconds(probe.newest?.updatedAt) === seconds(unit.cursor!.updatedAt)
      ) {
        quiet.add(unit);
      } else {
        unit.probedChange = true;
      }
    }
    for (const unit of quiet) {
      outcomes.push(...this.each(unit, { ok: true, written: 0 }));
    }
    return units.filter(u => !quiet.has(u));
  }

  private reconcileDue(cursor: ProjectCursor, now: number): boolean {
    const last = cursor.reconciledAt ?? cursor.readAt;
    return (
      last !== null &&
      now - DateTime.fromISO(last).toMillis() >=
        this.options.settings.reconcileEveryMs
    );
  }

  /** Syncs one unit: follows a move, reconciles when due, records each key. */
  private async syncUnit(
    unit: Unit,
    signal?: AbortSignal,
    moved = false,
  ): Promise<ProjectSyncOutcome[]> {
    try {
      const result = await this.project.sync(unit.target, unit.cursor, signal);
      // GraphQL does not follow a moved project's old path; REST does.
      const answered =
        result.project ?? (await this.rest.findProject(unit.target.path));
      if (!answered) throw this.reader.projectNotFound(unit.target.path);
      this.checkAllowed(unit, answered);
      if (
        !result.project ||
        answered.id !== unit.target.projectId ||
        // Paths match without regard to case, as GitLab's routes do.
        answered.fullPath.toLowerCase() !== unit.target.path.toLowerCase()
      ) {
        if (moved) {
          throw new GitlabError({
            code: 'not_found',
            host: this.host,
            message: `GitLab at ${this.host} moved project ${answered.fullPath} while it was read; it is read again next time`,
          });
        }
        return await this.followMove(unit, answered, signal);
      }
      await this.recordProject(unit, answered);
      const now = this.options.now().toMillis();
      let written = result.written;
      if (
        unit.reconcile ||
        (unit.cursor && this.reconcileDue(unit.cursor, now))
      ) {
        written += await this.reconcile(unit.target, signal);
      }
      return this.each(unit, { ok: true, written });
    } catch (error) {
      if (stopped(error, signal)) return this.each(unit, { skipped: true });
      return unit.keys.map(key => this.failure(key, error));
    }
  }

  /**
   * The path answered with another project, or none (it moved). A key that
   * names a path follows it: a project that took the path is synced from a
   * cursor of its own, a renamed one from its own. A key that names an id
   * stays on it: REST finds the project at its new path.
   */
  private async followMove(
    unit: Unit,
    atPath: GitlabProject,
    signal?: AbortSignal,
  ): Promise<ProjectSyncOutcome[]> {
    const outcomes: ProjectSyncOutcome[] = [];
    const pathKeys = unit.keys.filter(k => keyId(k.key) === undefined);
    const idKeys = unit.keys.filter(k => keyId(k.key) !== undefined);
    if (pathKeys.length > 0) {
      const follow = await this.unitFor(atPath, pathKeys, unit.reconcile);
      outcomes.push(...(await this.syncUnit(follow, signal, true)));
    }
    if (idKeys.length > 0) {
      const byId =
        atPath.id === unit.target.projectId
          ? atPath
          : await this.rest.findProject(unit.target.projectId);
      if (!byId) {
        const missing = this.reader.projectNotFound(unit.target.projectId);
        outcomes.push(...idKeys.map(key => this.failure(key, missing)));
      } else {
        const stay = await this.unitFor(byId, idKeys, unit.reconcile);
        outcomes.push(...(await this.syncUnit(stay, signal, true)));
      }
    }
    return outcomes;
  }

  /** A unit for a project GitLab answered with, and the keys that now name it. */
  private async unitFor(
    project: GitlabProject,
    keys: ProjectRecord[],
    reconcile?: boolean,
  ): Promise<Unit> {
    const cursors = await this.options.store.getCursors(this.host, [
      project.id,
    ]);
    return {
      target: {
        projectId: project.id,
        path: project.fullPath,
        webUrl: project.webUrl,
      },
      stored: project.fullPath,
      keys,
      cursor: cursors.get(project.id),
      reconcile,
    };
  }

  /**
   * A project that moved, or another one at a key's path, may be outside the
   * allow-list: it is not read, and the key says which setting to change.
   */
  private checkAllowed(unit: Unit, project: GitlabProject) {
    const { allowList } = this.options;
    for (const key of unit.keys) {
      const candidate = {
        host: this.host,
        key: key.key,
        path: project.fullPath,
        projectId: project.id,
      };
      if (allowList && !allowList.allows(candidate)) {
        throw new GitlabError({
          code: 'not_allowed',
          host: this.host,
          message: allowList.refusal(candidate),
        });
      }
    }
  }

  /** Stores the project's id, canonical path and URL on every key whose stored ones differ. */
  private async recordProject(unit: Unit, project: GitlabProject) {
    for (const key of unit.keys) {
      if (
        key.projectId !== project.id ||
        key.path !== project.fullPath ||
        key.webUrl !== project.webUrl
      ) {
        await this.options.projects.resolveProject(key, {
          projectId: project.id,
          path: project.fullPath,
          webUrl: project.webUrl,
        });
      }
    }
  }

  /**
   * Compares the project's iids with GitLab's, 100 per request: deletes MRs
   * GitLab no longer has, and reads again those whose `updated_at` GitLab
   * has newer than the store (a change the list missed). Returns the MRs
   * written.
   */
  private async reconcile(
    target: SyncTarget,
    signal?: AbortSignal,
  ): Promise<number> {
    const { store } = this.options;
    const readAt = this.options.now().toMillis();
    const stored = await store.storedIids(this.host, target.projectId);
    const drift: number[] = [];
    const present = new Set<number>();
    for await (const page of this.reader.iids(target.path)) {
      if (signal?.aborted) throw new SyncStopped();
      for (const { iid, updatedAt } of page) {
        present.add(iid);
        const ours = stored.get(iid);
        if (ours && seconds(updatedAt)! > seconds(ours)!) drift.push(iid);
      }
    }
    const deleted = [...stored.keys()].filter(iid => !present.has(iid));
    const details = this.project.details();
    const written = await this.project.readAgain(
      target,
      drift,
      readAt,
      details,
      signal,
    );
    await details.flush();
    await store.reconcile(
      this.host,
      target.projectId,
      deleted,
      DateTime.fromMillis(readAt, { zone: 'utc' }).toISO()!,
    );
    return written;
  }

  private failure(key: ProjectRecord, error: unknown): ProjectSyncOutcome {
    const { client } = this.options;
    if (error instanceof GitlabError) {
      return {
        host: this.host,
        key: key.key,
        ok: false,
        code: error.code,
        message: client.redact(error.message),
      };
    }
    const text = error instanceof Error ? error.message : String(error);
    return {
      host: this.host,
      key: key.key,
      ok: false,
      code: 'internal',
      message: client.redact(
        `The sync of ${this.host}/${
          key.path ?? key.key
        } failed unexpectedly: ${text}`,
      ),
    };
  }
}

/**
 * Whether a failure is the task stopping: between pages, or a request the
 * abort cut short (the transport then throws the signal's reason). A stopped
 * project stays due for the next run.
 */
function stopped(error: unknown, signal: AbortSignal | undefined): boolean {
  return error instanceof SyncStopped || signal?.aborted === true;
}
