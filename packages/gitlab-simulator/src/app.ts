import express, {
  type Express,
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { authenticate, extractToken } from './auth/authenticate';
import { oauthRoutes } from './auth/oauth';
import { CONTROL_PREFIX, controlRoutes } from './control/router';
import { createGraphqlHandler, readGraphqlBody } from './graphql/handler';
import type { GraphQLSchema } from 'graphql';
import { applyFault } from './http/applyFault';
import type { FaultQueue } from './http/faults';
import type { RateLimiter } from './http/rateLimit';
import {
  flattenQuery,
  requestKind,
  type RequestLogEntry,
} from './http/requestLog';
import { sendJson, sendMessage, sendText } from './http/respond';
import { restRouter } from './rest/router';
import type { SimulatorState } from './state';

/** What the express app needs besides the state. */
export interface AppParts {
  state: SimulatorState;
  schema: GraphQLSchema;
  log: { entries: RequestLogEntry[]; nextSeq: number };
  faults: FaultQueue;
  limiter: RateLimiter;
  hanging: Set<Response>;
  latencyMs?: number;
  errorRate?: number;
  control?: boolean;
}

/** Builds the express app: control API, logging, auth, latency, faults, limits, then GitLab. */
export function createApp(parts: AppParts): Express {
  const { state, log, faults, limiter, hanging } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  if (parts.control) {
    app.use(
      CONTROL_PREFIX,
      controlRoutes(state, () => log.entries),
    );
  }

  app.use((req, res, next) => {
    const url = new URL(req.originalUrl, 'http://simulator');
    const entry: RequestLogEntry = {
      seq: log.nextSeq++,
      method: req.method,
      path: url.pathname,
      query: flattenQuery(url.search),
      status: 0,
      kind: requestKind(url.pathname),
      at: new Date(state.now()).toISOString(),
    };
    log.entries.push(entry);
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
    // Background work that became due since the last request lands before this read.
    state.jobs.runDue();
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
    if (parts.latencyMs && parts.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, parts.latencyMs));
    }
    next();
  });

  app.use((req, res, next) => {
    const entry = res.locals.logEntry as RequestLogEntry;
    const fault = faults.take({
      path: entry.path,
      operation: entry.operationName,
      variables: entry.graphqlVariables,
    });
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
    if (parts.errorRate && state.random() < parts.errorRate) {
      sendMessage(res, 500, '500 Internal Server Error');
      return;
    }
    next();
  });

  app.use('/api/v4', restRouter(state));
  const graphql = createGraphqlHandler(state, () => parts.schema);
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
  return app;
}
