import { toMillis } from '../database/time';
import { MergeRequestRecord } from '../database/types';
import { authorMatcher } from './excludeAuthors';
import { DeliveryMetrics, MetricsAccumulator } from './MetricsAccumulator';
import { metricRowFromRecord } from './metricRow';
import { countsInStateMix } from './stateCount';
import { parseTime, resolveWindow } from './window';

/**
 * The delivery metrics of MR records in memory, by the same definitions as
 * computeMetrics; for tests and small sets.
 * @internal
 */
export function metricsOfRecords(
  records: Iterable<MergeRequestRecord>,
  options: {
    from: string;
    to: string;
    excludeAuthors: string[];
    jiraBaseUrl?: string;
    now: string;
  },
): DeliveryMetrics {
  const window = resolveWindow({ from: options.from, to: options.to });
  const metrics = new MetricsAccumulator(window, {
    now: parseTime('now', options.now),
    isExcluded: authorMatcher(options.excludeAuthors),
    jiraBaseUrl: options.jiraBaseUrl,
  });
  for (const record of records) {
    const row = metricRowFromRecord(record);
    metrics.add(row);
    const state = {
      state: record.state,
      mergedAt: row.mergedAt,
      closedAt: toMillis(record.closedAt),
    };
    if (countsInStateMix(state, window)) {
      metrics.addStateCount({
        author: row.author,
        state: record.state,
        draft: record.draft,
        count: 1,
        oldestCreatedAt: row.createdAt,
      });
    }
  }
  return metrics.result();
}
