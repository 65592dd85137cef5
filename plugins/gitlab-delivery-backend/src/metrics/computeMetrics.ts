import { Knex } from 'knex';
import { authorMatcher } from './excludeAuthors';
import { DeliveryMetrics, MetricsAccumulator } from './MetricsAccumulator';
import { ProjectRef } from './projects';
import { StateCountRow, stateCountsQuery, toStateCount } from './stateCount';
import { parseTime, resolveWindow } from './window';
import { toMetricRow, WindowRow, windowRows } from './windowRows';

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
  db: Knex,
  options: ComputeMetricsOptions,
): Promise<DeliveryMetrics> {
  const window = resolveWindow({ from: options.from, to: options.to });
  const metrics = new MetricsAccumulator(window, {
    now: options.now ? parseTime('now', options.now) : Date.now(),
    isExcluded: authorMatcher(options.excludeAuthors),
    jiraBaseUrl: options.jiraBaseUrl,
  });
  if (options.projects.length === 0) return metrics.result();

  const [states, ...parts]: [StateCountRow[], ...WindowRow[][]] =
    await Promise.all([
      stateCountsQuery(db, options.projects, window),
      ...windowRows(db, options.projects, window),
    ]);
  for (const rows of parts) {
    for (const row of rows) metrics.add(toMetricRow(row));
  }
  for (const row of states) metrics.addStateCount(toStateCount(row));
  return metrics.result();
}
