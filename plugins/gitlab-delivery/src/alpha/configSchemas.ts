import { z } from 'zod';
import { DELIVERY_WINDOWS } from '../lib/deliveryWindow';

/** The window shown first, one of the windows the selector offers. @internal */
export const windowDaysSchema = z.literal(DELIVERY_WINDOWS).optional();

/** A path relative to the entity page, such as a tab's. @internal */
export const tabPathSchema = z.string().min(1).optional();

/** Merge requests per page, within the backend's limit of 100. @internal */
export const pageSizeSchema = z.number().int().min(1).max(100).optional();

/** The state filter shown first. @internal */
export const stateFilterSchema = z
  .enum(['all', 'opened', 'draft', 'merged', 'closed', 'locked'])
  .optional();
