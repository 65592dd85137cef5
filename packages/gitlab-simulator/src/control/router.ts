import express, { Router } from 'express';
import { ActionError, performAction } from '../actions';
import type { RequestLogEntry } from '../http/requestLog';
import { sendJson } from '../http/respond';
import type { SimulatorState } from '../state';

/** Path prefix of the control API. */
export const CONTROL_PREFIX = '/-/simulator';

/**
 * The control API (`--control`): lets scripts outside the test runner read the request log and
 * drive scenarios. Not part of GitLab; its own requests are not logged, faulted or rate limited.
 * Mount at CONTROL_PREFIX.
 */
export function controlRoutes(
  state: SimulatorState,
  requests: () => RequestLogEntry[],
): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/requests', (req, res) => {
    const raw = typeof req.query.since === 'string' ? req.query.since : '0';
    if (!/^\d+$/.test(raw)) {
      sendJson(res, 400, { error: "'since' must be a non-negative integer" });
      return;
    }
    const since = Number(raw);
    const entries = requests().filter(r => r.seq > since);
    sendJson(res, 200, {
      requests: entries.map(r => ({
        seq: r.seq,
        method: r.method,
        path: r.path,
        status: r.status,
        operation: r.operationName ?? null,
      })),
      next: entries.length ? entries[entries.length - 1].seq : since,
    });
  });

  router.post('/actions', (req, res) => {
    try {
      sendJson(res, 200, performAction(state, req.body));
    } catch (error) {
      if (error instanceof ActionError) {
        sendJson(res, 400, { error: error.message });
        return;
      }
      throw error;
    }
  });

  router.use((_req, res) => {
    sendJson(res, 404, { error: 'Unknown control endpoint' });
  });

  router.use(
    (
      error: any,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error?.type === 'entity.parse.failed') {
        sendJson(res, 400, { error: 'The body must be one JSON object' });
        return;
      }
      next(error);
    },
  );
  return router;
}
