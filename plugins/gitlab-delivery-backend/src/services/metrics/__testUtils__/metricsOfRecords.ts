import { toMillis } from '../../../database/time';
import { MergeRequestRecord } from '../../../database/types';
import { authorMatcher } from '../../../lib/authorMatcher';
import { DeliveryMetrics } from '../calc/deliveryMetrics';
import { countsInStateMix } from '../calc/stateCount';
import { parseTime, resolveWindow } from '../calc/window';
import { MetricRow, MetricsAccumulator } from './MetricsAccumulator';

/** The metric view of a stored MR record.  */
export function metricRowFromRecord(record: MergeRequestRecord): MetricRow {
  return {
    author: record.author,
    createdAt: toMillis(record.createdAt)!,
    mergedAt: toMillis(record.mergedAt),
    firstApprovedAt: toMillis(record.firstApprovedAt),
    firstCommentAt: toMillis(record.firstCommentAt),
    filesChanged: record.filesChanged,
    linesAdded: record.linesAdded,
    linesDeleted: record.linesDeleted,
    host: record.host,
    projectPath: record.projectPath,
    title: record.title,
    sourceBranch: record.sourceBranch,
    labels: record.labels,
    relatedTickets: record.relatedTickets,
  };
}

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
