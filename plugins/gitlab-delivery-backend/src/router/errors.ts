import { CustomErrorBase } from '@backstage/errors';

/** A request made too soon after the same one; the error handler answers 429. @internal */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  /** Read by Backstage's error handler as the HTTP status. */
  readonly statusCode = 429;
}
