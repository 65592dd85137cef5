import { CustomErrorBase } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** A request made too soon after the same one; the error handler answers 429. @internal */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  /** Read by Backstage's error handler as the HTTP status. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/**
 * Sets Retry-After for an error that says when to try again (a 429 from
 * here or from a request queue), and hands the error on to Backstage's
 * error handler.
 * @internal
 */
export const retryAfterHeader: ErrorRequestHandler = (
  error,
  _req,
  res,
  next,
) => {
  const seconds = (error as { retryAfterSeconds?: unknown })?.retryAfterSeconds;
  if (
    (error as { statusCode?: unknown })?.statusCode === 429 &&
    typeof seconds === 'number' &&
    Number.isFinite(seconds) &&
    !res.headersSent
  ) {
    res.set('Retry-After', String(Math.max(1, Math.ceil(seconds))));
  }
  next(error);
};
