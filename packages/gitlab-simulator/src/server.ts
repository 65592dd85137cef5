import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Response } from 'express';
import { performAction, type SimulatorAction } from './actions';
import { createApp } from './app';
import { createClock } from './clock';
import { generateDataset } from './dataset/generate';
import { loadDataset } from './dataset/load';
import { addMergeRequest, updateMergeRequest } from './dataset/mutate';
import type {
  Dataset,
  DatasetMergeRequest,
  GenerateOptions,
} from './dataset/types';
import { findProject } from './dataset/routes';
import { buildSchema } from './graphql/schema';
import { FaultQueue, type Fault } from './http/faults';
import { RateLimiter } from './http/rateLimit';
import type { RequestLogEntry } from './http/requestLog';
import { JobQueue } from './jobs';
import { createRandom } from './random';
import { ReplicaLag } from './replica';
import type { SimulatorState } from './state';
import { DEFAULT_VERSION, parseVersion } from './version';

/** Default delay between the `merged` state and `merged_at` (PostMergeService's two steps). */
export const DEFAULT_MERGED_AT_DELAY_MS = 2_000;
/** Default delay before the approval system note (CreateApprovalNoteWorker runs in Sidekiq). */
export const DEFAULT_APPROVAL_NOTE_DELAY_MS = 1_000;

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Serve this dataset (deep-copied). */
  dataset?: Dataset;
  /** Or generate one. */
  generate?: GenerateOptions;
  /** 0 picks a free port (default). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** GitLab version reported by /version and gating features; default 17.5.0. */
  version?: string;
  /** Delay added to every response. */
  latencyMs?: number;
  /** Probability (0..1) of a random 500, drawn from the seeded generator. */
  errorRate?: number;
  /** Per-token limit; without it the headers still advertise 2000/min. */
  rateLimit?: { requestsPerMinute: number };
  /** Serve HTTPS with this PEM pair. */
  tls?: { key: string; cert: string };
  /** External URL used in web_url fields and Link headers; default the listening URL. */
  baseUrl?: string;
  /**
   * Freezes the clock at this time; it then moves only with `advance()`. Also the default end
   * of the generated history. Without it the clock follows real time.
   */
  now?: string | number;
  /** Serves the control API under `/-/simulator/`. */
  control?: boolean;
  /** Delay between a merge's `merged` state and its `merged_at`; default 2000. */
  mergedAtDelayMs?: number;
  /** Delay before an approval's system note is written; default 1000. */
  approvalNoteDelayMs?: number;
  /** For this long after a change, follow-up reads of that merge request see the old state. */
  replicaLagMs?: number;
}

/** A running simulator. */
export interface GitlabSimulator {
  /** e.g. `http://127.0.0.1:34567`; REST is `${url}/api/v4`, GraphQL `${url}/api/graphql`. */
  url: string;
  port: number;
  /** The live, mutable dataset. */
  data: Dataset;
  /** Every request received, in order (control API requests excepted). */
  requests: RequestLogEntry[];
  clearRequests(): void;
  /** Queues a fault for upcoming requests. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Applies changes and bumps updatedAt past the project's newest update (or to changes.updatedAt). */
  updateMergeRequest(
    projectIdOrPath: number | string,
    iid: number,
    changes: Partial<DatasetMergeRequest>,
  ): DatasetMergeRequest;
  /** Adds a merge request, filling defaults. */
  addMergeRequest(
    projectIdOrPath: number | string,
    mr: Partial<DatasetMergeRequest>,
  ): DatasetMergeRequest;
  /** Applies a scenario step as GitLab would; answers as the control API does. */
  act(action: SimulatorAction): Record<string, unknown>;
  /** The simulator's current time (ISO 8601, milliseconds). */
  now(): string;
  /** Moves the clock forward and runs the background work that became due. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts a GitLab simulator listening on `host:port`. */
export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<GitlabSimulator> {
  const clock = createClock(options.now);
  const generate: GenerateOptions = { ...options.generate };
  if (generate.now === undefined && options.now !== undefined) {
    generate.now = new Date(clock.now()).toISOString();
  }
  const data = options.dataset
    ? loadDataset(options.dataset)
    : generateDataset(generate);
  const version = options.version ?? data.instance?.version ?? DEFAULT_VERSION;
  parseVersion(version);
  const now = () => clock.now();
  const state: SimulatorState = {
    data,
    version,
    baseUrl: '',
    random: createRandom(options.generate?.seed ?? 1),
    accessTokens: new Map(),
    grants: new Map(),
    clock,
    now,
    jobs: new JobQueue(now),
    timings: {
      mergedAtDelayMs: options.mergedAtDelayMs ?? DEFAULT_MERGED_AT_DELAY_MS,
      approvalNoteDelayMs:
        options.approvalNoteDelayMs ?? DEFAULT_APPROVAL_NOTE_DELAY_MS,
    },
    replica: new ReplicaLag(options.replicaLagMs ?? 0, now),
  };
  const log = { entries: [] as RequestLogEntry[], nextSeq: 1 };
  const faults = new FaultQueue();
  const hanging = new Set<Response>();
  const app = createApp({
    state,
    schema: buildSchema(version),
    log,
    faults,
    limiter: new RateLimiter(options.rateLimit?.requestsPerMinute, now),
    hanging,
    latencyMs: options.latencyMs,
    errorRate: options.errorRate,
    control: options.control,
  });

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, app)
    : http.createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let hostForUrl = host === '0.0.0.0' ? '127.0.0.1' : host;
  if (hostForUrl.includes(':')) hostForUrl = `[${hostForUrl}]`;
  const url = `${options.tls ? 'https' : 'http'}://${hostForUrl}:${port}`;
  state.baseUrl = (options.baseUrl ?? url).replace(/\/$/, '');

  const beforeChange = (projectIdOrPath: number | string, iid?: number) => {
    state.jobs.runDue();
    const project = findProject(state.data, projectIdOrPath);
    if (project && iid !== undefined) {
      const current = project.mergeRequests.find(m => m.iid === iid);
      state.replica.beforeChange(project, iid, current);
    }
  };

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    get data() {
      return state.data;
    },
    set data(value: Dataset) {
      state.data = value;
    },
    get requests() {
      return log.entries;
    },
    clearRequests: () => {
      log.entries.length = 0;
    },
    injectFault: fault => faults.add(fault),
    clearFaults: () => faults.clear(),
    updateMergeRequest: (projectIdOrPath, iid, changes) => {
      beforeChange(projectIdOrPath, iid);
      return updateMergeRequest(state.data, projectIdOrPath, iid, changes);
    },
    addMergeRequest: (projectIdOrPath, mr) => {
      beforeChange(projectIdOrPath);
      return addMergeRequest(state.data, projectIdOrPath, mr);
    },
    act: action => performAction(state, action),
    now: () => new Date(clock.now()).toISOString(),
    advance: ms => {
      clock.advance(ms);
      state.jobs.runDue();
    },
    close: () => {
      closed ??= new Promise<void>(resolve => {
        for (const res of hanging) res.destroy();
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
