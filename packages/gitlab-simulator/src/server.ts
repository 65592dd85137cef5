import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { authenticate, extractToken } from './auth/authenticate';
import { oauthRoutes } from './auth/oauth';
import { generateDataset } from './dataset/generate';
import { loadDataset } from './dataset/load';
import { addMergeRequest, updateMergeRequest } from './dataset/mutate';
import type {
  Dataset,
  DatasetMergeRequest,
  GenerateOptions,
} from './dataset/types';
import { createGraphqlHandler, readGraphqlBody } from './graphql/handler';
import { buildSchema } from './graphql/schema';
import {
  FaultQueue,
  LOGIN_PAGE,
  MALFORMED_JSON,
  defaultStatusBody,
  type Fault,
} from './http/faults';
import { RateLimiter } from './http/rateLimit';
import {
  flattenQuery,
  requestKind,
  type RequestLogEntry,
} from './http/requestLog';
import { sendJson, sendMessage, sendText } from './http/respond';
import { createRandom } from './random';
import { restRouter } from './rest/router';
import type { SimulatorState } from './state';
import { DEFAULT_VERSION, parseVersion } from './version';

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
}

/** A running simulator. */
export interface GitlabSimulator {
  /** e.g. `http://127.0.0.1:34567`; REST is `${url}/api/v4`, GraphQL `${url}/api/graphql`. */
  url: string;
  port: number;
  /** The live, mutable dataset. */
  data: Dataset;
  /** Every request received, in order. */
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
  close(): Promise<void>;
}

/** Starts a GitLab simulator listening on `host:port`. */
export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<GitlabSimulator> {
  const data = options.dataset
    ? loadDataset(options.dataset)
    : generateDataset(options.generate);
  const version = options.version ?? data.instance?.version ?? DEFAULT_VERSION;
  parseVersion(version);
  const state: SimulatorState = {
    data,
    version,
    baseUrl: '',
    random: createRandom(options.generate?.seed ?? 1),
    accessTokens: new Map(),
    now: () => Date.now(),
  };
  const requests: RequestLogEntry[] = [];
  const faults = new FaultQueue();
  const limiter = new RateLimiter(
    options.rateLimit?.requestsPerMinute,
    state.now,
  );
  const hanging = new Set<Response>();
  const schema = buildSchema(version);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const url = new URL(req.originalUrl, 'http://simulator');
    const entry: RequestLogEntry = {
      method: req.method,
      path: url.pathname,
      query: flattenQuery(url.search),
      status: 0,
      kind: requestKind(url.pathname),
      at: new Date().toISOString(),
    };
    requests.push(entry);
    res.locals.logEntry = entry;
    const writeHead = res.writeHead;
    res.writeHead = function patchedWriteHead(
      this: Response,
      statusCode: number,
      ...rest: any[]
    ) {
      entry.status = statusCode;
      return (writeHead as any).apply(this, [statusCode, ...rest]);
    } as any;
    next();
  });

  app.use(
    express.json({
      limit: '10mb',
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use(express.urlencoded({ extended: false }));

  app.use((req, res, next) => {
    const entry = res.locals.logEntry as RequestLogEntry;
    if (entry.kind === 'graphql') {
      const body = readGraphqlBody(req);
      const first = Array.isArray(body) ? body[0] ?? {} : body;
      if (typeof first.operationName === 'string' && first.operationName) {
        entry.operationName = first.operationName;
      } else if (typeof first.query === 'string') {
        entry.operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(
          first.query,
        )?.[1];
      }
      if (typeof first.query === 'string') entry.graphqlQuery = first.query;
      if (first.variables !== undefined)
        entry.graphqlVariables = first.variables;
    }
    const token = extractToken(req);
    const auth = authenticate(state, token);
    res.locals.auth = auth;
    res.locals.rateKey = token
      ? `token:${token}`
      : `ip:${req.socket.remoteAddress}`;
    if (auth.kind === 'ok') entry.tokenName = auth.identity.tokenName;
    else if (auth.kind !== 'anonymous' && auth.tokenName)
      entry.tokenName = auth.tokenName;
    next();
  });

  app.use(async (_req, _res, next) => {
    if (options.latencyMs && options.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, options.latencyMs));
    }
    next();
  });

  app.use((req, res, next) => {
    const entry = res.locals.logEntry as RequestLogEntry;
    const fault = faults.take(entry.path);
    if (!fault) {
      next();
      return;
    }
    applyFault(fault, req, res, hanging);
  });

  app.use((_req, res, next) => {
    const decision = limiter.hit(
      res.locals.rateKey,
      res.locals.auth?.kind === 'ok',
    );
    for (const [name, value] of Object.entries(decision.headers))
      res.setHeader(name, value);
    if (decision.limited) {
      sendText(res, 429, 'Retry later\n');
      return;
    }
    if (options.errorRate && state.random() < options.errorRate) {
      sendMessage(res, 500, '500 Internal Server Error');
      return;
    }
    next();
  });

  app.use('/api/v4', restRouter(state));
  const graphql = createGraphqlHandler(state, () => schema);
  app.all('/api/graphql', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      next();
      return;
    }
    graphql(req, res).catch(next);
  });
  app.use(oauthRoutes(state));
  app.use((_req, res) => sendMessage(res, 404, '404 Not Found'));
  app.use((error: any, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error?.type === 'entity.parse.failed') {
      sendJson(res, 400, { error: 'Invalid JSON in request body' });
      return;
    }
    sendMessage(res, 500, '500 Internal Server Error');
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
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    injectFault: fault => faults.add(fault),
    clearFaults: () => faults.clear(),
    updateMergeRequest: (projectIdOrPath, iid, changes) =>
      updateMergeRequest(state.data, projectIdOrPath, iid, changes),
    addMergeRequest: (projectIdOrPath, mr) =>
      addMergeRequest(state.data, projectIdOrPath, mr),
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

function applyFault(
  fault: Fault,
  req: Request,
  res: Response,
  hanging: Set<Response>,
): void {
  switch (fault.type) {
    case 'status': {
      const headers: Record<string, string> = {};
      if (fault.status === 429 || fault.retryAfterSeconds !== undefined) {
        headers['Retry-After'] = String(fault.retryAfterSeconds ?? 60);
      }
      if (fault.body === undefined && fault.status === 429) {
        for (const [name, value] of Object.entries(headers))
          res.setHeader(name, value);
        sendText(res, 429, 'Retry later\n');
      } else if (typeof fault.body === 'string') {
        for (const [name, value] of Object.entries(headers))
          res.setHeader(name, value);
        sendText(res, fault.status, fault.body);
      } else {
        sendJson(
          res,
          fault.status,
          fault.body ?? defaultStatusBody(fault.status),
          headers,
        );
      }
      return;
    }
    case 'timeout':
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    case 'malformed':
      sendText(res, 200, MALFORMED_JSON, 'application/json');
      return;
    case 'html':
      sendText(res, 200, LOGIN_PAGE, 'text/html; charset=utf-8');
      return;
    case 'reset':
    default:
      req.socket.destroy();
      return;
  }
}
