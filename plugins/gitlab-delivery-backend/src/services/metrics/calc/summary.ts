import {
  ChangeKind,
  ChangeSummary,
  RelatedTicket,
  SizeBucket,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { CHANGE_KINDS } from './changeKind';

const NOUNS: Record<ChangeKind, { one: string; many: string }> = {
  feature: { one: 'a feature', many: 'features' },
  fix: { one: 'a fix', many: 'fixes' },
  refactor: { one: 'a refactor', many: 'refactors' },
  docs: { one: 'a docs change', many: 'docs changes' },
  deps: { one: 'a dependency update', many: 'dependency updates' },
  chore: { one: 'a chore', many: 'chores' },
  other: { one: 'an unclassified change', many: 'other changes' },
};

/** A count of MRs of each kind, all kinds at zero. @internal */
export function emptyKindCounts(): Record<ChangeKind, number> {
  return {
    feature: 0,
    fix: 0,
    refactor: 0,
    docs: 0,
    deps: 0,
    chore: 0,
    other: 0,
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The kinds that occur, most MRs first; ties in the order of CHANGE_KINDS. */
function rankedKinds(byKind: Record<ChangeKind, number>): ChangeKind[] {
  return CHANGE_KINDS.filter(kind => byKind[kind] > 0).sort(
    (a, b) =>
      byKind[b] - byKind[a] ||
      CHANGE_KINDS.indexOf(a) - CHANGE_KINDS.indexOf(b),
  );
}

function kindsPhrase(
  merged: number,
  byKind: Record<ChangeKind, number>,
): string {
  const kinds = rankedKinds(byKind);
  if (merged === 1) return NOUNS[kinds[0]].one;
  if (kinds.length === 1) return `all ${NOUNS[kinds[0]].many}`;
  const [first, second] = kinds;
  const pair = `${NOUNS[first].many} (${byKind[first]}) and ${NOUNS[second].many} (${byKind[second]})`;
  if (kinds.length === 2) return pair;
  const share = byKind[first] + byKind[second];
  return share * 2 > merged ? `mostly ${pair}` : `a mix led by ${pair}`;
}

/**
 * The one-sentence summary of the merged MRs, e.g.
 * "31 MRs merged; mostly fixes (14) and features (9), median size S; 6 closed issues".
 * @internal
 */
export function summarySentence(input: {
  merged: number;
  byKind: Record<ChangeKind, number>;
  medianSize: SizeBucket | null;
  closedIssues: number;
}): string {
  const { merged, byKind, medianSize, closedIssues } = input;
  if (merged === 0) return 'No MRs merged';
  let sentence = `${plural(merged, 'MR', 'MRs')} merged; ${kindsPhrase(
    merged,
    byKind,
  )}`;
  if (medianSize) {
    sentence +=
      merged === 1 ? `, size ${medianSize}` : `, median size ${medianSize}`;
  }
  sentence += `; ${
    closedIssues === 0
      ? 'no closed issues'
      : plural(closedIssues, 'closed issue', 'closed issues')
  }`;
  return sentence;
}

/** The change summary of the window, sentence included. @internal */
export function changeSummary(input: {
  merged: number;
  byKind: Record<ChangeKind, number>;
  medianSize: SizeBucket | null;
  closedIssues: number;
  topTickets: RelatedTicket[];
}): ChangeSummary {
  return {
    sentence: summarySentence(input),
    merged: input.merged,
    byKind: { ...input.byKind },
    medianSize: input.medianSize,
    closedIssues: input.closedIssues,
    topTickets: input.topTickets,
  };
}
