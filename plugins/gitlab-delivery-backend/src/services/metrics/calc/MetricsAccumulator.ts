import {
  ChangeKind,
  MetricsResponse,
  SizeBucket,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { changeKind } from './changeKind';
import {
  approvedWithoutComment,
  timeToApprove,
  timeToFirstComment,
  timeToMerge,
} from './durations';
import { durationStats, roundMillis } from './durationStats';
import { weekSeries } from './isoWeek';
import { MetricRow, StateCount, TimeWindow } from '../../../database/types';
import { ascending, percentile } from './percentile';
import { withTicketUrls } from './relatedTickets';
import {
  emptyDistribution,
  linesChanged,
  sizeBucketOfLines,
} from './sizeBucket';
import { changeSummary, emptyKindCounts } from './summary';
import { TicketTally } from './ticketTally';
import { inWindow, isoTime, previousWindow } from './window';

/** The metrics of an entity, without what the router adds. @internal */
export type DeliveryMetrics = Omit<
  MetricsResponse,
  'entityRef' | 'projects' | 'notConfigured'
>;

const TOP_TICKETS = 5;

function median90(values: number[]) {
  const sorted = ascending(values);
  const round = (value: number | null) =>
    value === null ? null : roundMillis(value);
  return {
    median: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
  };
}

/**
 * Computes every metric of a window in one pass. Feed it, once each, the MRs
 * created or merged in the window or the previous one ({@link MetricsAccumulator.add};
 * others are ignored), and the counts of MRs open, locked, or closed in the
 * window ({@link MetricsAccumulator.addStateCount}).
 * @internal
 */
export class MetricsAccumulator {
  private readonly previous: TimeWindow;
  private readonly weeks: ReturnType<typeof weekSeries>;

  private readonly mergeTimes: number[] = [];
  /** Times to merge by week of merging, in the order of `weeks`. */
  private readonly weeklyMergeTimes: number[][];
  private readonly commentTimes: number[] = [];
  private withoutComment = 0;
  private readonly approveTimes: number[] = [];
  private approvedWithoutComment = 0;

  private readonly filesChanged: number[] = [];
  private readonly linesChanged: number[] = [];
  private readonly distribution: Record<SizeBucket, number> =
    emptyDistribution();
  private readonly byKind: Record<ChangeKind, number> = emptyKindCounts();
  private readonly tickets = new TicketTally();

  private open = 0;
  private draft = 0;
  private closed = 0;
  private locked = 0;
  private oldestOpenCreatedAt: number | null = null;

  private readonly previousMergeTimes: number[] = [];
  private readonly previousCommentTimes: number[] = [];
  private readonly previousApproveTimes: number[] = [];

  constructor(
    private readonly window: TimeWindow,
    private readonly options: {
      /** The time the state mix is read at; the oldest open MR's age is taken at min(to, now). */
      now: number;
      isExcluded?: (author: string) => boolean;
      jiraBaseUrl?: string;
    },
  ) {
    this.previous = previousWindow(window);
    this.weeks = weekSeries(window.from, window.to);
    this.weeklyMergeTimes = this.weeks.weeks.map(() => []);
  }

  /** Adds one MR to the duration, throughput, size and summary metrics. */
  add(mr: MetricRow): void {
    if (this.options.isExcluded?.(mr.author)) return;

    if (inWindow(mr.mergedAt, this.window)) this.addMerged(mr);
    else if (inWindow(mr.mergedAt, this.previous)) {
      this.previousMergeTimes.push(timeToMerge(mr)!);
    }

    if (inWindow(mr.createdAt, this.window)) this.addCreated(mr);
    else if (inWindow(mr.createdAt, this.previous)) {
      const comment = timeToFirstComment(mr);
      if (comment !== null) this.previousCommentTimes.push(comment);
      const approve = timeToApprove(mr);
      if (approve !== null) this.previousApproveTimes.push(approve);
    }
  }

  /** Adds MRs that count in the state mix (see countsInStateMix), already counted. */
  addStateCount(group: StateCount): void {
    if (this.options.isExcluded?.(group.author)) return;
    if (group.state === 'opened') {
      if (group.draft) this.draft += group.count;
      else {
        this.open += group.count;
        if (
          this.oldestOpenCreatedAt === null ||
          group.oldestCreatedAt < this.oldestOpenCreatedAt
        ) {
          this.oldestOpenCreatedAt = group.oldestCreatedAt;
        }
      }
    } else if (group.state === 'locked') this.locked += group.count;
    else if (group.state === 'closed') this.closed += group.count;
  }

  private addMerged(mr: MetricRow): void {
    const mergeTime = timeToMerge(mr)!;
    this.mergeTimes.push(mergeTime);
    this.weeklyMergeTimes[this.weeks.indexOf(mr.mergedAt!)].push(mergeTime);
    if (mr.filesChanged !== null) this.filesChanged.push(mr.filesChanged);
    const lines = linesChanged(mr.linesAdded, mr.linesDeleted);
    if (lines !== null) {
      this.linesChanged.push(lines);
      this.distribution[sizeBucketOfLines(lines)] += 1;
    }
    this.byKind[changeKind(mr)] += 1;
    this.tickets.add(mr, mr.relatedTickets);
  }

  private addCreated(mr: MetricRow): void {
    const comment = timeToFirstComment(mr);
    if (comment === null) this.withoutComment += 1;
    else this.commentTimes.push(comment);
    const approve = timeToApprove(mr);
    if (approve !== null) this.approveTimes.push(approve);
    if (approvedWithoutComment(mr)) this.approvedWithoutComment += 1;
  }

  /** The metrics of everything added so far. */
  result(): DeliveryMetrics {
    const merged = this.mergeTimes.length;
    const lines = median90(this.linesChanged);
    const medianSize =
      lines.median === null ? null : sizeBucketOfLines(lines.median);
    const ageAt = Math.min(this.window.to, this.options.now);
    return {
      window: { from: isoTime(this.window.from), to: isoTime(this.window.to) },
      timeToMerge: {
        ...durationStats(this.mergeTimes),
        weekly: this.weeks.weeks.map((week, i) => ({
          week,
          count: this.weeklyMergeTimes[i].length,
          ...median90(this.weeklyMergeTimes[i]),
        })),
      },
      timeToFirstComment: {
        ...durationStats(this.commentTimes),
        withoutComment: this.withoutComment,
      },
      timeToApprove: {
        ...durationStats(this.approveTimes),
        approvedWithoutComment: this.approvedWithoutComment,
      },
      throughput: {
        total: merged,
        weekly: this.weeks.weeks.map((week, i) => ({
          week,
          merged: this.weeklyMergeTimes[i].length,
        })),
      },
      size: {
        filesChanged: median90(this.filesChanged),
        linesChanged: lines,
        distribution: { ...this.distribution },
      },
      stateMix: {
        open: this.open,
        draft: this.draft,
        merged,
        closed: this.closed,
        locked: this.locked,
        oldestOpenAgeSeconds:
          this.oldestOpenCreatedAt === null
            ? null
            : Math.max(0, ageAt - this.oldestOpenCreatedAt) / 1000,
      },
      summary: changeSummary({
        merged,
        byKind: this.byKind,
        medianSize,
        closedIssues: this.tickets.closedIssues(),
        topTickets: withTicketUrls(
          this.tickets.top(TOP_TICKETS),
          this.options.jiraBaseUrl,
        ),
      }),
      previous: {
        window: {
          from: isoTime(this.previous.from),
          to: isoTime(this.previous.to),
        },
        timeToMerge: durationStats(this.previousMergeTimes),
        timeToFirstComment: durationStats(this.previousCommentTimes),
        timeToApprove: durationStats(this.previousApproveTimes),
        throughput: { total: this.previousMergeTimes.length },
      },
    };
  }
}
