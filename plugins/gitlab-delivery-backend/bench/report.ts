/** The benchmark's table, request breakdown and figures. */
import { Measured } from './harness';
import { Fact, RunResult } from './types';
import { Kind } from './worker';

type Runs = Record<Kind, Measured<RunResult>>;

/** The figures of one implementation in the final JSON line. */
export interface Figures {
  backfillRequestsPerMr: number;
  quietCycleRequests: number;
  onePercentChangedRequests: number;
  backfillSeconds: number;
  peakRssMb: number;
}

export interface FactComparison {
  compared: number;
  agree: number;
  /** MRs the other implementation has and ours has not. */
  missing: number;
  examples: string[];
}

export interface Report {
  quick: boolean;
  latencyMs: number;
  inFlight: number;
  sizes: Record<'main' | 'quiet' | 'budget' | 'rss', number[]>;
  version: string;
  mainMrs: number;
  notesPerMr: number;
  longThreads: number;
  idleRssMb: Record<Kind, number>;
  backfill: Runs;
  mainQuiet: Pick<Runs, 'ours' | 'restPerMr'>;
  changes: Record<string, number>;
  changed: Runs;
  facts: Record<'restPerMr' | 'livePerView', FactComparison>;
  page: { views: number; p50: number; p95: number; requests: number };
  quietProjects: number;
  quietMrs: number;
  quiet: Runs;
  budgetMrs?: number;
  budget?: Measured<RunResult>;
  rssMrs?: number;
  rssProjects?: number;
  rss?: Measured<RunResult>;
}

export function percentile(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Whether `other` computed the same first comment, first approval (and closing issues) as ours. */
export function compareFacts(
  ours: Fact[],
  other: Fact[],
  withCloses: boolean,
): FactComparison {
  const byKey = new Map(ours.map(fact => [fact.key, fact]));
  const result: FactComparison = {
    compared: 0,
    agree: 0,
    missing: 0,
    examples: [],
  };
  for (const fact of other) {
    const mine = byKey.get(fact.key);
    if (!mine) {
      result.missing += 1;
      continue;
    }
    result.compared += 1;
    const same =
      mine.firstCommentAt === fact.firstCommentAt &&
      mine.firstApprovedAt === fact.firstApprovedAt &&
      (!withCloses || mine.closes.join() === fact.closes.join());
    if (same) result.agree += 1;
    else if (result.examples.length < 3) {
      result.examples.push(
        `${fact.key}: ours ${JSON.stringify(mine)}, other ${JSON.stringify(
          fact,
        )}`,
      );
    }
  }
  if (withCloses) result.missing += Math.max(0, ours.length - other.length);
  return result;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const perMr = (n: number) => (n >= 1 ? n.toFixed(2) : n.toFixed(4));
const seconds = (n: number) => (n >= 100 ? count(n) : n.toFixed(1));
const mb = (n: number) => count(n);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

function breakdown(measured: Measured<unknown>): string {
  return [...measured.breakdown]
    .map(([label, n]) => `${label} ${count(n)}`)
    .join(', ');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(rows[0]),
    `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Prints the table, the notes and the breakdown; returns the figures. */
export function printReport(
  report: Report,
  budgetPerMinute: number,
): Record<Kind, Figures> {
  const { backfill, changed, quiet, mainQuiet } = report;
  const perSecond = budgetPerMinute / 60;
  const budgetMrs =
    report.budgetMrs ?? report.sizes.budget[0] * report.sizes.budget[1];
  const requestsPerMr = (kind: Kind) =>
    backfill[kind].requests / Math.max(1, backfill[kind].value.mergeRequests);
  const changedMrs = Object.values(report.changes).reduce((a, b) => a + b, 0);
  const computedSeconds = (kind: Kind) =>
    kind === 'livePerView'
      ? backfill.livePerView.requests / perSecond
      : (requestsPerMr(kind) * budgetMrs) / perSecond;
  const figures = {} as Record<Kind, Figures>;
  for (const kind of ['ours', 'restPerMr', 'livePerView'] as Kind[]) {
    figures[kind] = {
      backfillRequestsPerMr: Number(requestsPerMr(kind).toFixed(4)),
      quietCycleRequests: quiet[kind].requests,
      onePercentChangedRequests: changed[kind].requests,
      backfillSeconds: Number(
        (kind === 'ours' && report.budget
          ? report.budget.value.seconds
          : computedSeconds(kind)
        ).toFixed(1),
      ),
      peakRssMb: Math.round(backfill[kind].peakRssMb),
    };
  }

  const [mainProjects, mainPerProject] = report.sizes.main;
  const oursQuietCost = mainQuiet.ours.requests;
  const restLists = mainQuiet.restPerMr.requests;
  const perChanged = (total: number, quietCost: number) =>
    perMr((total - quietCost) / Math.max(1, changedMrs));
  const oursChangedTarget = oursQuietCost + 0.05 * changedMrs;
  const live = backfill.livePerView;
  const rows = [
    ['figure', 'ours', 'restPerMr', 'livePerView', 'target for ours'],
    [
      `backfill, ${mainProjects} projects × ${count(
        mainPerProject,
      )} MRs: requests per MR`,
      `**${perMr(requestsPerMr('ours'))}** (${count(
        backfill.ours.requests,
      )} for ${count(backfill.ours.value.mergeRequests)} MRs, ${seconds(
        backfill.ours.value.seconds,
      )} s)`,
      `${perMr(requestsPerMr('restPerMr'))} (${count(
        backfill.restPerMr.requests,
      )}, ${seconds(backfill.restPerMr.value.seconds)} s)`,
      `${perMr(requestsPerMr('livePerView'))} per MR shown (${count(
        live.requests,
      )} for ${count(live.value.mergeRequests)} MRs in one view, ${seconds(
        live.value.seconds,
      )} s)`,
      `≤ 0.02: ${verdict(requestsPerMr('ours') <= 0.02)}`,
    ],
    [
      `quiet cycle, ${report.quietProjects} projects: requests`,
      `**${count(quiet.ours.requests)}**`,
      count(quiet.restPerMr.requests),
      `${count(quiet.livePerView.requests)} (one view; it has no cycle)`,
      `≤ 3: ${verdict(quiet.ours.requests <= 3)}`,
    ],
    [
      `1% changed (${count(changedMrs)} MRs): requests`,
      `**${count(
        changed.ours.requests,
      )}** = ${oursQuietCost} quiet + ${perChanged(
        changed.ours.requests,
        oursQuietCost,
      )} per changed MR (${count(changed.ours.value.mergeRequests)} written)`,
      `${count(changed.restPerMr.requests)} = ${restLists} lists + ${perChanged(
        changed.restPerMr.requests,
        restLists,
      )} per changed MR (${count(
        changed.restPerMr.value.mergeRequests,
      )} written)`,
      `${count(changed.livePerView.requests)} (one view)`,
      `≤ ${oursChangedTarget.toFixed(
        1,
      )} (0.05 per changed MR + quiet): ${verdict(
        changed.ours.requests <= oursChangedTarget,
      )}`,
    ],
    [
      `backfill of ${count(
        budgetMrs,
      )} MRs at ${budgetPerMinute} requests/minute: seconds`,
      report.budget
        ? `**${seconds(report.budget.value.seconds)}** measured (${count(
            report.budget.requests,
          )} requests; ${seconds(report.budget.requests / perSecond)} computed)`
        : `${seconds(computedSeconds('ours'))} computed`,
      `${seconds(computedSeconds('restPerMr'))} computed`,
      `${seconds(computedSeconds('livePerView'))} computed (one view)`,
      `≤ 120: ${verdict(figures.ours.backfillSeconds <= 120)}`,
    ],
    [
      `peak RSS of the backfill, MB (idle process)`,
      `${mb(backfill.ours.peakRssMb)} (${mb(report.idleRssMb.ours)})`,
      `${mb(backfill.restPerMr.peakRssMb)} (${mb(report.idleRssMb.restPerMr)})`,
      `${mb(live.peakRssMb)} (${mb(report.idleRssMb.livePerView)}), one view`,
      '',
    ],
    [
      report.rss
        ? `peak RSS, backfill of ${count(report.rssMrs!)} MRs in ${
            report.rssProjects
          } projects, MB`
        : 'peak RSS, 100,000 MRs in 100 projects, MB',
      report.rss
        ? `**${mb(report.rss.peakRssMb)}** (${count(
            report.rss.requests,
          )} requests, ${seconds(report.rss.value.seconds)} s)`
        : 'not run (--rss)',
      'not run',
      'not run',
      report.rss ? `< 300: ${verdict(report.rss.peakRssMb < 300)}` : '< 300',
    ],
    [
      `entity page (metrics + MR list + health), ${report.page.views} views`,
      `p50 ${report.page.p50.toFixed(0)} ms, p95 ${report.page.p95.toFixed(
        0,
      )} ms, **${report.page.requests} GitLab requests**`,
      '',
      `${seconds(live.value.seconds)} s and ${count(
        live.requests,
      )} GitLab requests per view`,
      `0 GitLab requests: ${verdict(report.page.requests === 0)}`,
    ],
  ];

  const facts = report.facts;
  console.log(`Sync benchmark${
    report.quick ? ' (--quick: scaled down, not to judge speed)' : ''
  }

${table(rows)}

- GitLab: the simulator over HTTP, ${report.latencyMs} ms per request, GitLab ${
    report.version
  } (no approval times in REST: they come from approval notes), realistic notes (${report.notesPerMr.toFixed(
    1,
  )} per MR, ${(report.longThreads * 100).toFixed(1)}% over 100). ${count(
    report.mainMrs,
  )} MRs in ${mainProjects} projects; quiet cycle: ${count(
    report.quietMrs,
  )} MRs in ${report.quietProjects} projects; 1% changed: ${Object.entries(
    report.changes,
  )
    .map(([a, n]) => `${n} ${a}`)
    .join(', ')} (GitLab's touch rules, clock moved past the throttle).
- ours: DefaultSyncService.syncProjects over SQLite in a temporary file, 2 projects at once; no request budget except in the ${budgetPerMinute} requests/minute row (gitlabDelivery.instances[].requestsPerMinute).
- restPerMr: REST list pages (updated_after = the project's last seen updated_at, order_by=updated_at, per_page=100), then for each listed MR whose updated_at changed its notes (per_page=100, paged), approvals and closing issues; facts kept in a Map in memory; ${
    report.inFlight
  } requests in flight. It agrees with ours on first comment, first approval and closing issues for ${count(
    facts.restPerMr.agree,
  )} of ${count(facts.restPerMr.compared)} MRs (${
    facts.restPerMr.missing
  } missing on either side).
- livePerView: no store; each view lists each project's merged MRs updated in the last 30 days (REST, per_page=100, paged; kept when merged_at is in the window), then each one's notes (paged) and approvals, for time to merge, to first comment and to approve; no closing issues, no sizes. Its backfill is one view (requests per MR shown); it has no cycle, so the quiet and 1% rows are one view each. ${
    report.inFlight
  } requests in flight. It agrees with ours on first comment and first approval for ${count(
    facts.livePerView.agree,
  )} of ${count(facts.livePerView.compared)} MRs shown.
- Seconds at ${budgetPerMinute} requests/minute: ${
    report.budget ? 'measured for ours' : 'computed for ours (--skip-budget)'
  }; computed for the baselines as requests ÷ ${perSecond} per second (restPerMr: its requests per MR × ${count(
    budgetMrs,
  )} MRs; livePerView: one view).
- Peak RSS: each implementation runs in a child process of its own, the simulator in the parent; the figure is the child's max RSS (process.resourceUsage().maxRSS) at the end of the run, the idle one after start-up.
${[...facts.restPerMr.examples, ...facts.livePerView.examples]
  .map(e => `- differs: ${e}`)
  .join('\n')}
Requests by GraphQL operation or REST route:
- ours backfill: ${breakdown(backfill.ours)}
- ours quiet cycle (${report.quietProjects} projects): ${breakdown(quiet.ours)}
- ours 1% changed: ${breakdown(changed.ours)}${
    report.budget
      ? `\n- ours backfill at ${budgetPerMinute}/minute: ${breakdown(
          report.budget,
        )}`
      : ''
  }${
    report.rss
      ? `\n- ours backfill of ${count(report.rssMrs!)} MRs: ${breakdown(
          report.rss,
        )}`
      : ''
  }
- restPerMr backfill: ${breakdown(backfill.restPerMr)}
- restPerMr 1% changed: ${breakdown(changed.restPerMr)}
- livePerView one view: ${breakdown(live)}
`);
  return figures;
}
