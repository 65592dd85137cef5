import { CustomErrorBase } from '@backstage/errors';
import { Knex } from 'knex';
import { REQUEST_COOLDOWNS } from './tables';

/** A manual request refused because the same one was accepted too recently; answered 429. @internal */
export class RequestCooldownError extends CustomErrorBase {
  name = 'RequestCooldownError' as const;
  /** Read by Backstage's error handler as the HTTP status. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** Whether a request was accepted, or how long until the next one is. */
type CooldownClaim = { claimed: true } | { retryAfterSeconds: number };

/**
 * Accepts a request of a kind and scope when the last accepted one is at
 * least `cooldownMs` old, in one statement, so the limit holds across
 * replicas: an upsert that only overwrites an old enough time.
 * @internal
 */
export async function claimCooldown(
  db: Knex | Knex.Transaction,
  request: { kind: string; scope: string; at: number; cooldownMs: number },
): Promise<CooldownClaim> {
  const { kind, scope, at, cooldownMs } = request;
  const claimed = await db(REQUEST_COOLDOWNS)
    .insert({ kind, scope, requested_at: at })
    .onConflict(['kind', 'scope'])
    .merge(['requested_at'])
    .where(`${REQUEST_COOLDOWNS}.requested_at`, '<=', at - cooldownMs)
    .returning('kind');
  if (claimed.length > 0) return { claimed: true };
  const row = await db(REQUEST_COOLDOWNS).where({ kind, scope }).first();
  const last = Number(row?.requested_at ?? at);
  return {
    retryAfterSeconds: Math.max(1, Math.ceil((last + cooldownMs - at) / 1000)),
  };
}
