import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { z } from 'zod';

/** Parses input with a zod schema; a failure is a 400 naming the field. @internal */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'input';
  throw new InputError(`Invalid ${field}: ${issue.message}`);
}

const isoTime = z.string().refine(value => DateTime.fromISO(value).isValid, {
  message: 'expected an ISO 8601 time, for example 2026-01-31T00:00:00Z',
});

/** Path parameters of the entity routes. @internal */
export const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

/** Query of the metrics route: a window of at most 365 days. @internal */
export const metricsQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .strict();

/** Query of the merge request list. @internal */
export const mergeRequestsQuery = z
  .object({
    state: z
      .enum(['opened', 'merged', 'closed', 'locked', 'draft', 'all'])
      .default('all'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(500).optional(),
    description: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Body of POST /health/check. @internal */
export const entityRefBody = z
  .object({ entityRef: z.string().min(1).optional() })
  .strict();

/** Body of POST /sync. @internal */
export const syncBody = entityRefBody.extend({ full: z.boolean().optional() });

/** An entity ref from a request body, e.g. `component:default/service`. @internal */
export function parseRef(entityRef: string): CompoundEntityRef {
  try {
    return parseEntityRef(entityRef);
  } catch (error) {
    throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
  }
}
