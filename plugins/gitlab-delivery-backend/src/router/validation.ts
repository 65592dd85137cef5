import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
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

const MAX_WINDOW_DAYS = 365;

const isoTime = z
  .string()
  .max(64)
  .refine(value => DateTime.fromISO(value).isValid, {
    message: 'expected an ISO 8601 time, for example 2026-01-31T00:00:00Z',
  });

const validator = makeValidator();

const kind = z.string().refine(v => validator.isValidKind(v), {
  message: 'expected an entity kind, for example component',
});
const namespace = z.string().refine(v => validator.isValidNamespace(v), {
  message: 'expected an entity namespace, for example default',
});
const name = z.string().refine(v => validator.isValidEntityName(v), {
  message:
    'expected an entity name: letters, digits, "-", "_" and ".", at most 63 characters',
});

/** Path parameters of the entity routes, as the catalog names entities. @internal */
export const entityParams = z.object({ kind, namespace, name });

/**
 * Query of the metrics route: a window of at most 365 days, `from` before
 * `to`. A window with only one end is completed, and checked, by the service.
 * @internal
 */
export const metricsQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from === undefined || query.to === undefined) return;
    const from = DateTime.fromISO(query.from).toMillis();
    const to = DateTime.fromISO(query.to).toMillis();
    if (from >= to) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['from'],
        message: 'from must be before to',
      });
    } else if (to - from > MAX_WINDOW_DAYS * 86_400_000) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['from'],
        message: `from must be at most ${MAX_WINDOW_DAYS} days before to`,
      });
    }
  });

/** The query of a route that takes none. @internal */
export const noQuery = z.object({}).strict();

/** Query of the merge request list. @internal */
export const mergeRequestsQuery = z
  .object({
    state: z
      .enum(['opened', 'merged', 'closed', 'locked', 'draft', 'all'])
      .default('all'),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'expected a whole number from 1 to 100')
      .pipe(z.coerce.number().int().min(1).max(100))
      .default('25'),
    cursor: z
      .string()
      .max(500)
      .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextCursor of a previous page')
      .optional(),
    description: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Body of POST /health/check. @internal */
export const entityRefBody = z
  .object({ entityRef: z.string().min(1).max(1024).optional() })
  .strict();

/** Body of POST /sync. @internal */
export const syncBody = entityRefBody.extend({ full: z.boolean().optional() });

/** An entity ref from a request body, e.g. `component:default/service`. @internal */
export function parseRef(entityRef: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(entityRef);
  } catch (error) {
    throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
  }
  const parsed = entityParams.safeParse(ref);
  if (!parsed.success) {
    throw new InputError(
      `Invalid entityRef: ${parsed.error.issues[0].path.join('.')} ${
        parsed.error.issues[0].message
      }`,
    );
  }
  return ref;
}

const host = z
  .string()
  .max(255)
  .regex(
    /^[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'expected a GitLab host as configured in integrations.gitlab, for example gitlab.example.com',
  )
  .transform(value => value.toLowerCase());

/** Path parameters naming a configured host: `/instances/:host/…`, `/oauth/:host/…`. @internal */
export const hostParams = z.object({ host });

/** Query of GET /instances/:host/projects. @internal */
export const projectsQuery = z
  .object({
    search: z.string().trim().min(1).max(100).optional(),
    cursor: z
      .string()
      .max(1400)
      .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextCursor of a previous page')
      .optional(),
    tracked: z.enum(['tracked', 'untracked', 'unreadable']).optional(),
  })
  .strict();

/** Path parameters of POST /projects/:host/:projectId/auto-sync. @internal */
export const projectParams = z.object({
  host,
  projectId: z
    .string()
    .regex(/^\d{1,12}$/, 'expected GitLab’s numeric project id')
    .pipe(z.coerce.number().int().positive()),
});

/** Body of POST /projects/:host/:projectId/auto-sync. @internal */
export const autoSyncBody = z.object({ enabled: z.boolean() }).strict();

/** Query of the OAuth callback, as GitLab sends it; other parameters are ignored. @internal */
export const callbackQuery = z.object({
  state: z.string().max(256).optional(),
  code: z.string().max(512).optional(),
  error: z.string().max(128).optional(),
});
