import {
  MetricsResponse,
  RelatedTicket,
  SizeBucket,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  CreatedFigures,
  MergedFigures,
  StateCount,
  TimeWindow,
} from '../../../database/types';
import { CHANGE_KINDS } from './changeKind';
import { durationStats, roundMillis } from './durationStats';
import { weekSeries } from './isoWeek';
import { ascending, percentile } from './percentile';
import { withTicketUrls } from './relatedTickets';
import { emptyDistribution, sizeBucketOfLines } from './sizeBucket';
import { changeSummary, emptyKindCounts } from './summary';
import { isoTime, previousWindow } from './window';

/** The metrics of an entity, without what the router adds. @internal */
export type DeliveryMetrics = Omit<
  MetricsResponse,
  'entityRef' | 'projects' | 'notConfigured'
>;

/** How many tickets the summary lists. @internal */
export const TOP_TICKETS = 5;

/**
 * What every metric of a window is computed from, of the authors that are not
 * excluded; durations in milliseconds.
 * @internal
 */
export interface WindowFigures {
  /** The MRs merged in the window. */
  merged: MergedFigures;
  /** The MRs created in the window. */
  created: CreatedFigures;
  previous: { timesToMerge: readonly number[]; created: CreatedFigures };
  /** The closed issues and the top tickets of the MRs merged in the window. */
  tickets: { closedIssues: number; top: readonly RelatedTicket[] };
  /** The MRs open, draft and locked now, and closed in the window. */
  states: readonly StateCount[];
}

function seconds(millis: readonly number[]): number[] {
  return millis.map(value => value / 1000);
}

function median90(values: number[]) {
  const sorted = ascending(values);
  const round = (value: number | null) =>
    value === null ? null : roundMillis(value);
  return {
    median: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
  };
}

function stateMix(
  states: readonly StateCount[],
  merged: number,
  ageAt: number,
): DeliveryMetrics['stateMix'] {
  const mix = { open: 0, draft: 0, merged, closed: 0, locked: 0 };
  let oldestOpen: number | null = null;
  for (const group of states) {
    if (group.state === 'opened' && group.draft) mix.draft += group.count;
    else if (group.state === 'opened') {
      mix.open += group.count;
      if (oldestOpen === null || group.oldestCreatedAt < oldestOpen) {
        oldestOpen = group.oldestCreatedAt;
      }
    } else if (group.state === 'locked') mix.locked += group.count;
    else if (group.state === 'closed') mix.closed += group.count;
  }
  return {
    ...mix,
    oldestOpenAgeSeconds:
      oldestOpen === null ? null : Math.max(0, ageAt - oldestOpen) / 1000,
  };
}

/**
 * Every metric of a window from its figures.
 * @internal
 */
export function deliveryMetrics(
  window: TimeWindow,
  figures: WindowFigures,
  options: {
    /** The time the state mix is read at; the oldest open MR's age is taken at min(to, now). */
    now: number;
    jiraBaseUrl?: string;
  },
): DeliveryMetrics {
  const { merged, created, previous } = figures;
  const weeks = weekSeries(window.from, window.to);
  const weekly: number[][] = weeks.weeks.map(() => []);
  merged.timesToMerge.forEach((millis, i) => {
    weekly[weeks.indexOf(merged.mergedAt[i])].push(millis / 1000);
  });
  const distribution: Record<SizeBucket, number> = emptyDistribution();
  for (const lines of merged.linesChanged) {
    distribution[sizeBucketOfLines(lines)] += 1;
  }
  const byKind = emptyKindCounts();
  for (const kind of CHANGE_KINDS) byKind[kind] = merged.changeKinds[kind] ?? 0;
  const count = merged.timesToMerge.length;
  const lines = median90(merged.linesChanged);
  const medianSize =
    lines.median === null ? null : sizeBucketOfLines(lines.median);
  const before = previousWindow(window);
  return {
    window: { from: isoTime(window.from), to: isoTime(window.to) },
    timeToMerge: {
      ...durationStats(seconds(merged.timesToMerge)),
      weekly: weeks.weeks.map((week, i) => ({
        week,
        count: weekly[i].length,
        ...median90(weekly[i]),
      })),
    },
    timeToFirstComment: {
      ...durationStats(seconds(created.timesToFirstComment)),
      withoutComment: created.count - created.timesToFirstComment.length,
    },
    timeToApprove: {
      ...durationStats(seconds(created.timesToApprove)),
      approvedWithoutComment: created.approvedWithoutComment,
    },
    throughput: {
      total: count,
      weekly: weeks.weeks.map((week, i) => ({
        week,
        merged: weekly[i].length,
      })),
    },
    size: {
      filesChanged: median90(merged.filesChanged),
      linesChanged: lines,
      distribution,
    },
    stateMix: stateMix(figures.states, count, Math.min(window.to, options.now)),
    summary: changeSummary({
      merged: count,
      byKind,
      medianSize,
      closedIssues: figures.tickets.closedIssues,
      topTickets: withTicketUrls(figures.tickets.top, options.jiraBaseUrl),
    }),
    previous: {
      window: { from: isoTime(before.from), to: isoTime(before.to) },
      timeToMerge: durationStats(seconds(previous.timesToMerge)),
      timeToFirstComment: durationStats(
        seconds(previous.created.timesToFirstComment),
      ),
      timeToApprove: durationStats(seconds(previous.created.timesToApprove)),
      throughput: { total: previous.timesToMerge.length },
    },
  };
}
