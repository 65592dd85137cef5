import { DateTime } from 'luxon';
import { GitlabClient, GraphqlError } from '../GitlabClient';
import { GitlabError, ProjectNotFound } from '../GitlabError';
import { FEATURE_NAMES, QueryFeatures, queryFeatures } from '../HostFeatures';
import { GitlabMergeRequest, GitlabProject } from '../types';
import { PAGE_SIZE } from './fields';
import { lacks } from './schemaProblems';
import {
  Connection,
  MergeRequestNode,
  nextCursor,
  NoteNode,
  nodesOf,
  numericId,
  ProjectNode,
  toMergeRequest,
  toNote,
  toProject,
} from './nodes';
import {
  byIidsQuery,
  groupPageQuery,
  iidsQuery,
  issuesQuery,
  moreNotesQuery,
  probeQuery,
  projectPageQuery,
  projectsByPathQuery,
} from './queries';

/**
 * Pages read of one list at most: 500,000 MRs of a project, or 50 pages of
 * one MR's notes. A GitLab (or a proxy) that keeps answering with a next
 * page past that is answered with an error, not followed forever.
 */
export const MAX_PAGES = { list: 5_000, notes: 50 };

/** Aliases per query, each well below GitLab's complexity limit of 250 (queries.test.ts measures them). */
const NOTES_ALIASES = 8;
const ISSUE_ALIASES = 20;
const PROJECT_ALIASES = 40;

/** A page of MRs oldest change first, with the project they were listed from. @internal */
export interface MergeRequestPage {
  project: GitlabProject;
  mergeRequests: GitlabMergeRequest[];
  /** On the first page: how many MRs the whole list holds. */
  total?: number;
}

/** An issue's title and URL. @internal */
export interface IssueTitle {
  title: string;
  webUrl: string;
}

/** The newest change of a project, as the probe sees it. @internal */
export interface ProjectProbe {
  fullPath: string;
  webUrl: string;
  newest: { iid: number; updatedAt: string } | null;
}

function millis(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

type ProjectAnswer = {
  project:
    | (ProjectNode & { mergeRequests: Connection<MergeRequestNode> | null })
    | null;
};

/**
 * Reads merge request metadata from one GitLab host over GraphQL: pages of
 * MRs with their first page of notes, the rest of long note threads, issue
 * titles, a cheap probe of many projects, and iids for reconciliation. It
 * learns which newer schema features the host lacks and falls back.
 * @internal
 */
export class MergeRequestReader {
  /** Aborts every request of the reader: set for a sync run by its task's signal. */
  signal?: AbortSignal;
  private readonly maxPages: typeof MAX_PAGES;

  constructor(
    private readonly client: GitlabClient,
    options: { maxPages?: Partial<typeof MAX_PAGES> } = {},
  ) {
    this.maxPages = { ...MAX_PAGES, ...options.maxPages };
  }

  /** Counts a list's pages; throws past the cap. */
  private pageCounter(what: string, cap: number): () => void {
    let pages = 0;
    return () => {
      pages += 1;
      if (pages > cap) {
        throw new GitlabError({
          code: 'invalid_response',
          host: this.client.host,
          message: `GitLab at ${this.client.host} answered ${what} with more than ${cap} pages; the plugin stopped reading them. Check that integrations.gitlab[].apiBaseUrl points at GitLab itself`,
        });
      }
    };
  }

  /** The host this reader talks to. */
  get host(): string {
    return this.client.host;
  }

  /** The features the next query uses. */
  get features(): QueryFeatures {
    return queryFeatures(this.client.features);
  }

  /** The projects at the given full paths (null for those GitLab does not show), by path. */
  async findProjects(
    paths: string[],
  ): Promise<Map<string, GitlabProject | null>> {
    const result = new Map<string, GitlabProject | null>();
    for (const batch of chunks(paths, PROJECT_ALIASES)) {
      const variables = Object.fromEntries(
        batch.map((path, i) => [`path${i}`, path]),
      );
      const data = await this.ask<Record<string, ProjectNode | null>>(
        projectsByPathQuery(batch.length),
        variables,
        'projects by path',
      );
      batch.forEach((path, i) => {
        const node = data[`p${i}`];
        result.set(path, node ? toProject(node) : null);
      });
    }
    return result;
  }

  /**
   * The project's MRs updated at or after `since`, in pages ordered by
   * `updatedAt`, oldest first, so a caller can store each page and move its
   * cursor. On GitLab before 15.8 (no `updatedAfter`) the list is read
   * newest first down to `since`, then handed out oldest first.
   */
  async *projectPages(
    fullPath: string,
    since: string,
  ): AsyncGenerator<MergeRequestPage> {
    const count = this.pageCounter(
      `the merge requests of ${fullPath}`,
      this.maxPages.list,
    );
    count();
    let page = await this.projectPage(fullPath, since, null);
    if (page.features.updatedAfter) {
      let total: number | undefined = page.total;
      for (;;) {
        yield {
          project: page.project,
          mergeRequests: page.mergeRequests,
          total,
        };
        total = undefined;
        if (!page.next) return;
        count();
        page = await this.projectPage(fullPath, since, page.next);
      }
    }
    const sinceMs = millis(since);
    const collected = new Map<number, GitlabMergeRequest>();
    for (;;) {
      let reachedOlder = false;
      for (const mergeRequest of page.mergeRequests) {
        if (millis(mergeRequest.updatedAt) < sinceMs) {
          reachedOlder = true;
          break;
        }
        // An MR updated while paging shows up twice; keep its newest state.
        const seen = collected.get(mergeRequest.iid);
        if (!seen || millis(seen.updatedAt) < millis(mergeRequest.updatedAt)) {
          collected.set(mergeRequest.iid, mergeRequest);
        }
      }
      if (reachedOlder || !page.next) break;
      count();
      page = await this.projectPage(fullPath, since, page.next);
    }
    const ascending = [...collected.values()].sort(
      (a, b) => millis(a.updatedAt) - millis(b.updatedAt) || a.iid - b.iid,
    );
    if (ascending.length === 0) {
      yield { project: page.project, mergeRequests: [] };
      return;
    }
    for (const chunk of chunks(ascending, PAGE_SIZE)) {
      yield { project: page.project, mergeRequests: chunk };
    }
  }

  /**
   * The MRs of a group and its subgroups updated at or after `since`, oldest
   * change first; each carries its `projectId`. Undefined when the host has
   * no `updatedAfter`, or the group is not visible: list by project then.
   */
  async groupPages(
    groupPath: string,
    since: string,
  ): Promise<AsyncGenerator<GitlabMergeRequest[]> | undefined> {
    if (this.client.features.updatedAfter !== true) return undefined;
    const first = await this.groupPage(groupPath, since, null);
    if (!first) return undefined;
    const nextPage = (cursor: string) =>
      this.groupPage(groupPath, since, cursor);
    const count = this.pageCounter(
      `the merge requests of group ${groupPath}`,
      this.maxPages.list,
    );
    return (async function* pages() {
      let page = first;
      for (;;) {
        yield page.mergeRequests;
        if (!page.next) return;
        count();
        const next = await nextPage(page.next);
        if (!next) return;
        page = next;
      }
    })();
  }

  /** Some MRs of a project by iid; those GitLab no longer has are missing. */
  async byIids(
    fullPath: string,
    iids: number[],
  ): Promise<GitlabMergeRequest[]> {
    const result: GitlabMergeRequest[] = [];
    for (const batch of chunks(iids, PAGE_SIZE)) {
      const data = await this.withFeatures<ProjectAnswer>(
        features => byIidsQuery(features),
        { fullPath, iids: batch.map(String) },
        `merge requests of ${fullPath} by iid`,
      );
      if (!data.project) throw this.projectNotFound(fullPath);
      result.push(...nodesOf(data.project.mergeRequests).map(toMergeRequest));
    }
    return result;
  }

  /**
   * Reads the rest of the notes of MRs with more than one page of them,
   * several MRs per query whatever their projects, and appends them;
   * afterwards every `notesAfter` is null.
   */
  async completeNotes(
    items: Array<{ path: string; mergeRequest: GitlabMergeRequest }>,
  ): Promise<void> {
    const count = this.pageCounter(
      'the notes of long threads',
      this.maxPages.notes,
    );
    for (;;) {
      const pending = items.filter(i => i.mergeRequest.notesAfter !== null);
      if (pending.length === 0) return;
      count();
      for (const batch of chunks(pending, NOTES_ALIASES)) {
        const paths = [...new Set(batch.map(i => i.path))];
        const ordered = paths.flatMap(path =>
          batch.filter(i => i.path === path),
        );
        const variables: Record<string, unknown> = {};
        paths.forEach((path, p) => {
          variables[`path${p}`] = path;
        });
        ordered.forEach(({ mergeRequest }, m) => {
          variables[`iid${m}`] = String(mergeRequest.iid);
          variables[`after${m}`] = mergeRequest.notesAfter;
        });
        const data = await this.withFeatures<
          Record<
            string,
            Record<string, { notes: Connection<NoteNode> } | null> | null
          >
        >(
          features =>
            moreNotesQuery(
              features,
              paths.map(path => batch.filter(i => i.path === path).length),
            ),
          variables,
          'the notes of long threads',
        );
        let m = 0;
        paths.forEach((path, p) => {
          const project = data[`p${p}`];
          if (!project) throw this.projectNotFound(path);
          for (const { mergeRequest } of ordered.filter(i => i.path === path)) {
            const notes = project[`m${m}`]?.notes ?? null;
            mergeRequest.notes.push(...nodesOf(notes).map(toNote));
            mergeRequest.notesAfter = nextCursor(notes);
            m += 1;
          }
        });
      }
    }
  }

  /** The titles of issues by project path and iid, keyed `path#iid`; issues GitLab does not show are missing. */
  async issueTitles(
    wanted: Map<string, Set<number>>,
  ): Promise<Map<string, IssueTitle>> {
    const result = new Map<string, IssueTitle>();
    const lookups = [...wanted].flatMap(([path, iids]) =>
      chunks([...iids], PAGE_SIZE).map(batch => ({ path, iids: batch })),
    );
    for (const batch of chunks(lookups, ISSUE_ALIASES)) {
      const variables: Record<string, unknown> = {};
      batch.forEach((lookup, i) => {
        variables[`path${i}`] = lookup.path;
        variables[`iids${i}`] = lookup.iids.map(String);
      });
      const data = await this.ask<
        Record<
          string,
          {
            issues: Connection<{ iid: string; title: string; webUrl: string }>;
          } | null
        >
      >(issuesQuery(batch.length), variables, 'issue titles');
      batch.forEach((lookup, i) => {
        for (const issue of nodesOf(data[`p${i}`]?.issues)) {
          result.set(`${lookup.path}#${issue.iid}`, {
            title: issue.title,
            webUrl: issue.webUrl,
          });
        }
      });
    }
    return result;
  }

  /** The newest MR change of each project, by id; projects GitLab does not show are missing. */
  async probe(projectIds: number[]): Promise<Map<number, ProjectProbe>> {
    const result = new Map<number, ProjectProbe>();
    for (const batch of chunks(projectIds, PAGE_SIZE)) {
      const data = await this.ask<{
        projects: Connection<
          ProjectNode & {
            mergeRequests: Connection<{
              iid: string;
              updatedAt: string;
            }> | null;
          }
        > | null;
      }>(
        probeQuery(),
        { ids: batch.map(id => `gid://gitlab/Project/${id}`) },
        `the newest changes of ${batch.length} projects`,
      );
      for (const node of nodesOf(data.projects)) {
        const [newest] = nodesOf(node.mergeRequests);
        result.set(numericId(node.id), {
          fullPath: node.fullPath,
          webUrl: node.webUrl,
          newest: newest
            ? { iid: Number(newest.iid), updatedAt: newest.updatedAt }
            : null,
        });
      }
    }
    return result;
  }

  /** Every MR iid of a project with its `updatedAt`, a page at a time. */
  async *iids(
    fullPath: string,
  ): AsyncGenerator<Array<{ iid: number; updatedAt: string }>> {
    let after: string | null = null;
    const count = this.pageCounter(
      `the merge request iids of ${fullPath}`,
      this.maxPages.list,
    );
    do {
      count();
      const data: {
        project: {
          mergeRequests: Connection<{ iid: string; updatedAt: string }> | null;
        } | null;
      } = await this.ask(
        iidsQuery(),
        { fullPath, after },
        `the merge request iids of ${fullPath}`,
      );
      if (!data.project) throw this.projectNotFound(fullPath);
      yield nodesOf(data.project.mergeRequests).map(node => ({
        iid: Number(node.iid),
        updatedAt: node.updatedAt,
      }));
      after = nextCursor(data.project.mergeRequests);
    } while (after);
  }

  private ask<T>(
    query: string,
    variables: Record<string, unknown>,
    purpose: string,
  ): Promise<T> {
    return this.client.graphql<T>(query, variables, purpose, this.signal);
  }

  /** The error for a project GitLab does not show to the token's user. */
  projectNotFound(idOrPath: number | string): ProjectNotFound {
    const host = this.client.host;
    const named =
      typeof idOrPath === 'number'
        ? `with id ${idOrPath}; check gitlab.com/project-id`
        : `"${idOrPath}"; check the full path (every group, as in the project's URL) in gitlab.com/project-slug`;
    return new ProjectNotFound({
      code: 'not_found',
      host,
      status: 404,
      message: `GitLab at ${host} shows no project ${named}, and check that the token's user is a member of the project with the Reporter role or higher (GitLab answers "not found" for projects the user cannot see)`,
    });
  }

  private async projectPage(
    fullPath: string,
    since: string,
    after: string | null,
  ): Promise<{
    features: QueryFeatures;
    project: GitlabProject;
    mergeRequests: GitlabMergeRequest[];
    next: string | null;
    total: number;
  }> {
    let used = this.features;
    const data = await this.withFeatures<ProjectAnswer>(
      features => {
        used = features;
        return projectPageQuery(features);
      },
      features => ({
        fullPath,
        after,
        ...(features.updatedAfter && { updatedAfter: since }),
      }),
      `the merge requests of ${fullPath}`,
    );
    if (!data.project) throw this.projectNotFound(fullPath);
    const connection = data.project.mergeRequests;
    if (!connection) {
      throw new GitlabError({
        code: 'forbidden',
        host: this.client.host,
        message: `GitLab at ${this.client.host} shows project ${fullPath} but not its merge requests: check that merge requests are enabled for the project and that the token's user has the Reporter role or higher`,
      });
    }
    return {
      features: used,
      project: toProject(data.project),
      mergeRequests: nodesOf(connection).map(toMergeRequest),
      next: nextCursor(connection),
      total: connection.count ?? 0,
    };
  }

  private async groupPage(
    groupPath: string,
    since: string,
    after: string | null,
  ): Promise<
    { mergeRequests: GitlabMergeRequest[]; next: string | null } | undefined
  > {
    const data = await this.withFeatures<{
      group: { mergeRequests: Connection<MergeRequestNode> | null } | null;
    }>(
      features => groupPageQuery(features),
      { fullPath: groupPath, after, updatedAfter: since },
      `the merge requests of group ${groupPath}`,
    );
    if (!data.group?.mergeRequests) return undefined;
    return {
      mergeRequests: nodesOf(data.group.mergeRequests).map(toMergeRequest),
      next: nextCursor(data.group.mergeRequests),
    };
  }

  /**
   * Runs a query written for the host's features; when GitLab says the
   * schema lacks one, remembers that and runs it again without. While the
   * features are unknown, one query at a time finds out, so that concurrent
   * project syncs do not all hit the same error.
   */
  private async withFeatures<T>(
    build: (features: QueryFeatures) => string,
    variables:
      | Record<string, unknown>
      | ((features: QueryFeatures) => Record<string, unknown>),
    purpose: string,
  ): Promise<T> {
    const known = this.client.features;
    const unknown = () =>
      (Object.keys(FEATURE_NAMES) as Array<keyof QueryFeatures>).some(
        name => known[name] === undefined,
      );
    while (unknown() && this.client.featureProbe) {
      await this.client.featureProbe.catch(() => undefined);
    }
    if (!unknown()) return this.learning(build, variables, purpose);
    const attempt = this.learning<T>(build, variables, purpose);
    this.client.featureProbe = attempt;
    try {
      return await attempt;
    } finally {
      if (this.client.featureProbe === attempt) {
        this.client.featureProbe = undefined;
      }
    }
  }

  private async learning<T>(
    build: (features: QueryFeatures) => string,
    variables:
      | Record<string, unknown>
      | ((features: QueryFeatures) => Record<string, unknown>),
    purpose: string,
  ): Promise<T> {
    const known = this.client.features;
    for (;;) {
      const features = queryFeatures(known);
      try {
        const data = await this.ask<T>(
          build(features),
          typeof variables === 'function' ? variables(features) : variables,
          purpose,
        );
        for (const name of Object.keys(FEATURE_NAMES) as Array<
          keyof QueryFeatures
        >) {
          if (features[name] && queryUses(build(features), name)) {
            known[name] = true;
          }
        }
        return data;
      } catch (error) {
        if (!(error instanceof GraphqlError)) throw error;
        const missing = (
          Object.keys(FEATURE_NAMES) as Array<keyof QueryFeatures>
        ).filter(
          name =>
            features[name] &&
            FEATURE_NAMES[name].some(field =>
              error.problems.some(p => lacks(p, field)),
            ),
        );
        if (missing.length === 0) throw error;
        for (const name of missing) known[name] = false;
        this.client.warn(
          `GitLab at ${
            this.client.host
          } is older than this plugin's queries (${error.problems
            .map(p => p.message)
            .join('; ')}); using the fallbacks for older GitLab`,
        );
      }
    }
  }
}

/** Whether a query document relies on a feature, so that its success proves the host has it. */
function queryUses(query: string, feature: keyof QueryFeatures): boolean {
  return FEATURE_NAMES[feature].some(name => query.includes(name));
}
