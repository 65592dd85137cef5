import { Minimatch } from 'minimatch';

/** The allow-list of one instance, as configured in `projects.allow`. @internal */
export interface InstanceAllowList {
  /** Path globs, e.g. `platform/**`. */
  patterns: string[];
  /** Numeric project ids. */
  ids: number[];
}

/** A project as the allow-list judges it: its key, and what the sync learned of it. @internal */
export interface AllowListCandidate {
  host: string;
  /** The full path, or `#<id>` (see ProjectKey). */
  key: string;
  /** The canonical path, once resolved. */
  path?: string | null;
  projectId?: number | null;
}

/** The config key of the allow-list, for messages. @internal */
export const ALLOW_LIST_KEY = 'gitlabDelivery.instances[].projects.allow';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Whether a path is plain `group/.../project`: no empty, `.` or `..` segments. */
function isPlainPath(path: string): boolean {
  const segments = path.split('/');
  return segments.length >= 2 && segments.every(s => SEGMENT.test(s));
}

function idOf(candidate: AllowListCandidate): number | null {
  if (candidate.projectId !== null && candidate.projectId !== undefined) {
    return candidate.projectId;
  }
  return candidate.key.startsWith('#') ? Number(candidate.key.slice(1)) : null;
}

/**
 * Which GitLab projects the plugin may request and show, per instance. An
 * instance without an allow-list allows every project its token can read.
 * A project is allowed when its id is listed, or when its path matches a
 * glob: the canonical path once the sync has resolved it, else the path the
 * annotation names. Globs ignore case, as GitLab's paths do. A project named
 * only by id is allowed by its id alone until it is resolved: its path is
 * unknown without a request.
 * @internal
 */
export class ProjectAllowList {
  private readonly byHost = new Map<
    string,
    { globs: Minimatch[]; ids: Set<number>; list: InstanceAllowList }
  >();

  constructor(lists: Map<string, InstanceAllowList> = new Map()) {
    for (const [host, list] of lists) {
      this.byHost.set(host, {
        list,
        ids: new Set(list.ids),
        globs: list.patterns.map(
          pattern =>
            new Minimatch(pattern, {
              nocase: true,
              dot: true,
              platform: 'linux',
            }),
        ),
      });
    }
  }

  /** The allow-list of a host; undefined when every project is allowed. */
  listOf(host: string): InstanceAllowList | undefined {
    return this.byHost.get(host)?.list;
  }

  /** Whether the plugin may request and show the project. */
  allows(candidate: AllowListCandidate): boolean {
    const entry = this.byHost.get(candidate.host);
    if (!entry) return true;
    const id = idOf(candidate);
    if (id !== null && entry.ids.has(id)) return true;
    const path =
      candidate.path ?? (candidate.key.startsWith('#') ? null : candidate.key);
    if (!path || !isPlainPath(path)) return false;
    return entry.globs.some(glob => glob.match(path));
  }

  /** Why a project is not allowed, naming the setting to change. */
  refusal(candidate: AllowListCandidate): string {
    const id = idOf(candidate);
    const named =
      candidate.path ??
      (candidate.key.startsWith('#')
        ? `the project with the id ${id}`
        : candidate.key);
    const hint =
      candidate.key.startsWith('#') && !candidate.path
        ? `; a project named by id is allowed only by its id until the plugin knows its path`
        : '';
    return `${named} on ${candidate.host} is not in ${ALLOW_LIST_KEY}, so the plugin neither syncs nor shows it: ask the Backstage admins to allow it, or fix the annotation${hint}`;
  }
}
