/** The simulator, the child processes and the request counts the benchmark is made of. */
import {
  GitlabSimulator,
  RequestLogEntry,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Command, Kind, Reply } from './worker';
import { RunResult, Target } from './types';

export const TOKEN = 'glpat-demo-token';

/**
 * A generated GitLab with realistic notes and a frozen clock at least half
 * an hour behind real time: the plugin re-reads MRs changed less than two
 * minutes before it reads them, and a real change is rarely that fresh. On
 * the hour, so that runs within an hour see the same data.
 */
export async function startGitlab(options: {
  projects: number;
  mrsPerProject: number;
  latencyMs: number;
  seed: number;
}): Promise<GitlabSimulator> {
  const hour = 3_600_000;
  const now = new Date(
    Math.floor((Date.now() - 30 * 60_000) / hour) * hour,
  ).toISOString();
  return startSimulator({
    latencyMs: options.latencyMs,
    now,
    generate: {
      seed: options.seed,
      projects: options.projects,
      mrsPerProject: options.mrsPerProject,
      notesProfile: 'realistic',
      now,
    },
  });
}

/** The projects with merge requests (the generator adds one without). */
export function projectsOf(sim: GitlabSimulator): Target['projects'] {
  return sim.data.projects
    .filter(p => p.mergeRequests.length > 0)
    .map(p => ({ id: p.id, path: p.path }));
}

/** A request as the breakdown counts it: the GraphQL operation, or the REST route. */
export function requestLabel(entry: RequestLogEntry): string {
  if (entry.kind === 'graphql') return entry.operationName ?? 'graphql';
  const route = entry.path
    .replace(/^\/api\/v4/, '')
    .replace(/\/projects\/[^/]+/, '/projects/:id')
    .replace(/\/merge_requests\/\d+/, '/merge_requests/:iid');
  return `${entry.method} ${route}`;
}

export function breakdown(entries: RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const label = requestLabel(entry);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1]));
}

/** What the simulator saw during one command, with the child's answer. */
export interface Measured<T> {
  value: T;
  requests: number;
  breakdown: Map<string, number>;
  peakRssMb: number;
}

/** One implementation in a child process. */
export class Worker {
  private readonly child: ChildProcess;
  private next = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  /** The child's max RSS once started, before any work. */
  startRssMb = 0;

  private constructor(readonly kind: Kind) {
    this.child = fork(join(__dirname, 'worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.child.on('exit', code => {
      for (const resolve of this.pending.values()) {
        resolve({
          id: 0,
          ok: false,
          error: `worker exited with ${code}`,
          peakRssMb: 0,
        });
      }
      this.pending.clear();
    });
  }

  static async start(kind: Kind, target: Target): Promise<Worker> {
    const worker = new Worker(kind);
    const { peakRssMb } = await worker.call({ command: 'start', kind, target });
    worker.startRssMb = peakRssMb;
    return worker;
  }

  async call(command: Command): Promise<{ value: any; peakRssMb: number }> {
    const id = this.next++;
    const reply = await new Promise<Reply>(resolve => {
      this.pending.set(id, resolve);
      this.child.send({ ...command, id });
    });
    if (!reply.ok) throw new Error(`${this.kind}: ${reply.error}`);
    return { value: reply.value, peakRssMb: reply.peakRssMb };
  }

  /** Runs a command and counts the requests GitLab saw meanwhile. */
  async measure<T = RunResult>(
    sim: GitlabSimulator,
    command: Command,
  ): Promise<Measured<T>> {
    sim.clearRequests();
    const { value, peakRssMb } = await this.call(command);
    const entries = sim.requests;
    const measured = {
      value: value as T,
      requests: entries.length,
      breakdown: breakdown(entries),
      peakRssMb,
    };
    sim.clearRequests();
    const result = value as Partial<RunResult>;
    if (
      result?.requests !== undefined &&
      result.requests !== measured.requests
    ) {
      throw new Error(
        `${this.kind} counted ${result.requests} requests, GitLab saw ${measured.requests}`,
      );
    }
    if (result?.failures) {
      throw new Error(`${this.kind}: ${result.failures} projects failed`);
    }
    return measured;
  }

  async close(): Promise<void> {
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    await this.call({ command: 'close' }).catch(() => undefined);
    await exited;
  }
}
