import { MergeRequestReader, ProjectRef } from '../../database/types';
import { authorMatcher } from '../../lib/authorMatcher';
import { DeliveryMetrics, MetricsAccumulator } from './calc/MetricsAccumulator';
import { parseTime, resolveWindow } from './calc/window';

/** What {@link computeMetrics} needs to know. @internal */
export interface ComputeMetricsOptions {
  projects: ProjectRef[];
  /** Start of the window, ISO 8601, inclusive. */
  from: string;
  /** End of the window, ISO 8601, exclusive. */
  to: string;
  /** Globs of authors kept out of every metric (bots). */
  excludeAuthors: string[];
  jiraBaseUrl?: string;
  /** The current time, ISO 8601; defaults to the clock. */
  now?: string;
}

/**
 * The delivery metrics of a set of projects over [from, to), with the previous
 * window of equal length for trends. Authors matching `excludeAuthors` are out
 * of every metric. Reads each relevant MR once, and counts states in the database.
 * @internal
 */
export async function computeMetrics(
  reader: MergeRequestReader,
  options: ComputeMetricsOptions,
): Promise<DeliveryMetrics> {
  const window = resolveWindow({ from: options.from, to: options.to });
  const metrics = new MetricsAccumulator(window, {
    now: options.now ? parseTime('now', options.now) : Date.now(),
    isExcluded: authorMatcher(options.excludeAuthors),
    jiraBaseUrl: options.jiraBaseUrl,
  });
  if (options.projects.length === 0) return metrics.result();

  const [rows, states] = await Promise.all([
    reader.windowRows(options.projects, window),
    reader.stateCounts(options.projects, window),
  ]);
  for (const row of rows) metrics.add(row);
  for (const state of states) metrics.addStateCount(state);
  return metrics.result();
}
