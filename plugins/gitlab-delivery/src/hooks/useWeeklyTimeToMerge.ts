import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { MergeRequestItem } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitlabDeliveryApiRef } from '../api/GitlabDeliveryApi';

/** Median time to merge of the MRs merged in one week. @internal */
export interface WeeklyTimeToMerge {
  /** The ISO week, as the metrics API writes it: "2025-W02". */
  week: string;
  count: number;
  medianSeconds: number;
}

const PAGE_SIZE = 100;
const ISO_WEEK = "kkkk-'W'WW";
const MAX_PAGES = 5;

/** Groups merged MRs by the ISO week (UTC) they merged in, with each week's median time to merge. @internal */
export function weeklyTimeToMerge(
  items: MergeRequestItem[],
  window: { from: string; to: string },
): WeeklyTimeToMerge[] {
  const from = DateTime.fromISO(window.from);
  const to = DateTime.fromISO(window.to);
  const byWeek = new Map<string, number[]>();
  for (const item of items) {
    if (!item.mergedAt || item.timeToMergeSeconds === null) continue;
    const mergedAt = DateTime.fromISO(item.mergedAt, { zone: 'utc' });
    if (mergedAt < from || mergedAt > to) continue;
    const week = mergedAt.toFormat(ISO_WEEK);
    const list = byWeek.get(week) ?? [];
    list.push(item.timeToMergeSeconds);
    byWeek.set(week, list);
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, values]) => ({
      week,
      count: values.length,
      medianSeconds: median(values),
    }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Builds the weekly time-to-merge series of a window from the entity's merged
 * MRs, up to 500 of them (the metrics response carries only the weekly
 * throughput).
 * @internal
 */
export function useWeeklyTimeToMerge(
  entity: Entity,
  window: { from: string; to: string } | undefined,
) {
  const api = useApi(gitlabDeliveryApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const from = window?.from;
  const to = window?.to;
  return useAsyncRetry(async (): Promise<WeeklyTimeToMerge[] | undefined> => {
    if (!from || !to) return undefined;
    const items: MergeRequestItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await api.getMergeRequests({
        entityRef: { kind, namespace, name },
        state: 'merged',
        limit: PAGE_SIZE,
        cursor,
      });
      items.push(...response.items);
      if (!response.nextCursor) break;
      cursor = response.nextCursor;
    }
    return weeklyTimeToMerge(items, { from, to });
  }, [api, kind, namespace, name, from, to]);
}
