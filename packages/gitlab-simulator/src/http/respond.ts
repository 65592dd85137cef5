import type { Response } from 'express';

/** Sends a JSON body with GitLab's plain `application/json` content type. */
export function sendJson(
  res: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) {
    res.setHeader(name, value);
  }
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Sends GitLab's usual `{"message": ...}` error body. */
export function sendMessage(
  res: Response,
  status: number,
  message: string,
): void {
  sendJson(res, status, { message });
}

/** Sends a plain text body. */
export function sendText(
  res: Response,
  status: number,
  text: string,
  contentType = 'text/plain',
): void {
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.end(text);
}
