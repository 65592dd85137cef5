import { ChangeKind } from '@delivery-insights/plugin-gitlab-delivery-common';
import { emptyKindCounts, summarySentence } from './summary';

function kinds(counts: Partial<Record<ChangeKind, number>>) {
  return { ...emptyKindCounts(), ...counts };
}

function sentence(
  counts: Partial<Record<ChangeKind, number>>,
  medianSize: 'XS' | 'S' | 'M' | 'L' | 'XL' | null = 'S',
  closedIssues = 0,
) {
  const merged = Object.values(counts).reduce(
    (sum, count) => sum + (count ?? 0),
    0,
  );
  return summarySentence({
    merged,
    byKind: kinds(counts),
    medianSize,
    closedIssues,
  });
}

describe('summarySentence', () => {
  it('reads like the example', () => {
    // 14 + 9 = 23 of 31: more than half, so "mostly".
    expect(sentence({ fix: 14, feature: 9, chore: 5, docs: 3 }, 'S', 6)).toBe(
      '31 MRs merged; mostly fixes (14) and features (9), median size S; 6 closed issues',
    );
  });

  it('says so when nothing was merged', () => {
    expect(sentence({})).toBe('No MRs merged');
  });

  it('describes a single MR', () => {
    expect(sentence({ fix: 1 }, 'XS', 1)).toBe(
      '1 MR merged; a fix, size XS; 1 closed issue',
    );
    expect(sentence({ deps: 1 }, null)).toBe(
      '1 MR merged; a dependency update; no closed issues',
    );
    expect(sentence({ other: 1 }, 'M')).toBe(
      '1 MR merged; an unclassified change, size M; no closed issues',
    );
  });

  it('describes MRs of one kind', () => {
    expect(sentence({ docs: 4 }, 'XS', 2)).toBe(
      '4 MRs merged; all docs changes, median size XS; 2 closed issues',
    );
  });

  it('names both kinds when there are two', () => {
    expect(sentence({ feature: 1, refactor: 3 }, 'L')).toBe(
      '4 MRs merged; refactors (3) and features (1), median size L; no closed issues',
    );
  });

  it('breaks ties in the fixed kind order: feature, fix, refactor, docs, deps, chore, other', () => {
    expect(sentence({ chore: 2, fix: 2, feature: 2 })).toBe(
      '6 MRs merged; mostly features (2) and fixes (2), median size S; no closed issues',
    );
    expect(sentence({ other: 3, deps: 3 })).toBe(
      '6 MRs merged; dependency updates (3) and other changes (3), median size S; no closed issues',
    );
  });

  it('does not say "mostly" when the top two kinds are half or less', () => {
    // 2 + 2 = 4 of 8: not more than half.
    expect(sentence({ feature: 2, fix: 2, docs: 2, chore: 2 }, 'M')).toBe(
      '8 MRs merged; a mix led by features (2) and fixes (2), median size M; no closed issues',
    );
  });
});
