import {
  CreatedFigures,
  MergeRequestReader,
  MetricQuery,
  ProjectRef,
  TimeWindow,
} from '../../database/types';
import { excludedAuthors } from '../../lib/authorMatcher';
import {
  DeliveryMetrics,
  TOP_TICKETS,
  WindowFigures,
  deliveryMetrics,
} from './calc/deliveryMetrics';
import { TicketTally } from './calc/ticketTally';
import { parseTime, previousWindow, resolveWindow } from './calc/window';

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

const NO_CREATED: CreatedFigures = {
  count: 0,
  timesToFirstComment: [],
  timesToApprove: [],
  approvedWithoutComment: 0,
};

const NO_FIGURES: WindowFigures = {
  merged: {
    mergedAt: [],
    timesToMerge: [],
    filesChanged: [],
    linesChanged: [],
    changeKinds: {},
  },
  created: NO_CREATED,
  previous: { timesToMerge: [], created: NO_CREATED },
  tickets: { closedIssues: 0, top: [] },
  states: [],
};

async function windowFigures(
  reader: MergeRequestReader,
  projects: ProjectRef[],
  window: TimeWindow,
  excludeAuthors: string[],
): Promise<WindowFigures> {
  // The state counts come per author, so they need not wait for the authors to leave out.
  const [states, authors] = await Promise.all([
    reader.stateCounts(projects, window),
    excludeAuthors.length === 0 ? [] : reader.authors(projects),
  ]);
  const query: MetricQuery = {
    projects,
    window,
    excludedAuthors: excludedAuthors(authors, excludeAuthors),
  };
  const previous = { ...query, window: previousWindow(window) };
  // The longest query first: on PostgreSQL they run side by side.
  const [tickets, merged, created, previousCreated, previousMerged] =
    await Promise.all([
      reader.ticketFigures(query, TOP_TICKETS),
      reader.mergedFigures(query),
      reader.createdFigures(query),
      reader.createdFigures(previous),
      reader.timesToMerge(previous),
    ]);
  const tally = new TicketTally();
  for (const { identity, ticket } of tickets.topReferences) {
    tally.addReference(identity, ticket);
  }
  const excluded = new Set(query.excludedAuthors);
  return {
    merged,
    created,
    previous: { timesToMerge: previousMerged, created: previousCreated },
    tickets: {
      closedIssues: tickets.closedIssues,
      top: tally.top(TOP_TICKETS),
    },
    states: states.filter(state => !excluded.has(state.author)),
  };
}

/**
 * The delivery metrics of a set of projects over [from, to), with the previous
 * window of equal length for trends. Authors matching `excludeAuthors` are out
 * of every metric: they are found among the projects' authors, then left out
 * by name. The database returns the figures of each metric, not the MRs.
 * @internal
 */
export async function computeMetrics(
  reader: MergeRequestReader,
  options: ComputeMetricsOptions,
): Promise<DeliveryMetrics> {
  const window = resolveWindow({ from: options.from, to: options.to });
  const { projects } = options;
  const figures =
    projects.length === 0
      ? NO_FIGURES
      : await windowFigures(reader, projects, window, options.excludeAuthors);
  return deliveryMetrics(window, figures, {
    now: options.now ? parseTime('now', options.now) : Date.now(),
    jiraBaseUrl: options.jiraBaseUrl,
  });
}
