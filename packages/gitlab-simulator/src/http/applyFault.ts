import type { Request, Response } from 'express';
import {
  LOGIN_PAGE,
  MALFORMED_JSON,
  defaultStatusBody,
  type Fault,
} from './faults';
import { sendJson, sendText } from './respond';

/** Answers a request the way the fault says (or never, for `timeout`). */
export function applyFault(
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
