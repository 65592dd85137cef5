import { MergeRequestStateFilter } from '@delivery-insights/plugin-gitlab-delivery-common';
import { z } from 'zod';
import { DELIVERY_WINDOWS, DeliveryWindowDays } from '../lib/deliveryWindow';

// Typed by the props' own types, so that the extensions' config types name
// them: an inferred literal union is printed in whatever order the compiler
// met its members, which differs between builds.
type OptionalSchema<T> = z.ZodOptional<z.ZodType<T, T>>;

/** The window shown first, one of the windows the selector offers. @internal */
export const windowDaysSchema: OptionalSchema<DeliveryWindowDays> = z
  .literal(DELIVERY_WINDOWS)
  .optional();

/** A path relative to the entity page, such as a tab's. @internal */
export const tabPathSchema = z.string().min(1).optional();

/** Merge requests per page, within the backend's limit of 100. @internal */
export const pageSizeSchema = z.number().int().min(1).max(100).optional();

/** The state filter shown first. @internal */
export const stateFilterSchema: OptionalSchema<MergeRequestStateFilter> = z
  .enum(['all', 'opened', 'draft', 'merged', 'closed', 'locked'])
  .optional();
