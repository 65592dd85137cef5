import {
  ChangeKind,
  RelatedTicket,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  CreatedFigures,
  MergedFigures,
  StateCount,
  TimeWindow,
} from '../../../database/types';
import { changeKind } from '../calc/changeKind';
import {
  DeliveryMetrics,
  TOP_TICKETS,
  deliveryMetrics,
} from '../calc/deliveryMetrics';
import {
  approvedWithoutComment,
  timeToApproveMillis,
  timeToFirstCommentMillis,
  timeToMergeMillis,
} from '../calc/durations';
import { linesChanged } from '../calc/sizeBucket';
import { TicketTally } from '../calc/ticketTally';
import { inWindow, previousWindow } from '../calc/window';

/**
 * What the metrics read of one MR; times in epoch milliseconds. The summary
 * fields (host to relatedTickets) are only read of MRs merged in the window.
 */
export interface MetricRow {
  author: string;
  createdAt: number;
  mergedAt: number | null;
  firstApprovedAt: number | null;
  firstCommentAt: number | null;
  filesChanged: number | null;
  linesAdded: number | null;
  linesDeleted: number | null;
  host: string;
  projectPath: string;
  title: string;
  sourceBranch: string;
  labels: readonly string[];
  relatedTickets: readonly RelatedTicket[];
}

function emptyCreated(): CreatedFigures {
  return {
    count: 0,
    timesToFirstComment: [],
    timesToApprove: [],
    approvedWithoutComment: 0,
  };
}

/**
 * The metrics of a window in memory, MR by MR, by the same definitions as the
 * store's queries: feed it, once each, the MRs created or merged in the window
 * or the previous one ({@link MetricsAccumulator.add}; others are ignored),
 * and the counts of MRs open, locked, or closed in the window
 * ({@link MetricsAccumulator.addStateCount}).
 */
export class MetricsAccumulator {
  private readonly previous: TimeWindow;
  private readonly merged: MergedFigures = {
    mergedAt: [],
    timesToMerge: [],
    filesChanged: [],
    linesChanged: [],
    changeKinds: {},
  };
  private readonly created = emptyCreated();
  private readonly previousTimesToMerge: number[] = [];
  private readonly previousCreated = emptyCreated();
  private readonly tickets = new TicketTally();
  private readonly states: StateCount[] = [];

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
  }

  /** Adds one MR to the duration, throughput, size and summary metrics. */
  add(mr: MetricRow): void {
    if (this.options.isExcluded?.(mr.author)) return;

    if (inWindow(mr.mergedAt, this.window)) this.addMerged(mr);
    else if (inWindow(mr.mergedAt, this.previous)) {
      this.previousTimesToMerge.push(timeToMergeMillis(mr)!);
    }

    if (inWindow(mr.createdAt, this.window)) addCreated(this.created, mr);
    else if (inWindow(mr.createdAt, this.previous)) {
      addCreated(this.previousCreated, mr);
    }
  }

  /** Adds MRs that count in the state mix (see countsInStateMix), already counted. */
  addStateCount(group: StateCount): void {
    if (!this.options.isExcluded?.(group.author)) this.states.push(group);
  }

  private addMerged(mr: MetricRow): void {
    const merged = this.merged;
    merged.mergedAt.push(mr.mergedAt!);
    merged.timesToMerge.push(timeToMergeMillis(mr)!);
    if (mr.filesChanged !== null) merged.filesChanged.push(mr.filesChanged);
    const lines = linesChanged(mr.linesAdded, mr.linesDeleted);
    if (lines !== null) merged.linesChanged.push(lines);
    const kind: ChangeKind = changeKind(mr);
    merged.changeKinds[kind] = (merged.changeKinds[kind] ?? 0) + 1;
    this.tickets.add(mr, mr.relatedTickets);
  }

  /** The metrics of everything added so far. */
  result(): DeliveryMetrics {
    return deliveryMetrics(
      this.window,
      {
        merged: this.merged,
        created: this.created,
        previous: {
          timesToMerge: this.previousTimesToMerge,
          created: this.previousCreated,
        },
        tickets: {
          closedIssues: this.tickets.closedIssues(),
          top: this.tickets.top(TOP_TICKETS),
        },
        states: this.states,
      },
      this.options,
    );
  }
}

function addCreated(figures: CreatedFigures, mr: MetricRow): void {
  figures.count += 1;
  const comment = timeToFirstCommentMillis(mr);
  if (comment !== null) figures.timesToFirstComment.push(comment);
  const approve = timeToApproveMillis(mr);
  if (approve !== null) figures.timesToApprove.push(approve);
  if (approvedWithoutComment(mr)) figures.approvedWithoutComment += 1;
}
