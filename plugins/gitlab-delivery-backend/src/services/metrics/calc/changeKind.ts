import { ChangeKind } from '@delivery-insights/plugin-gitlab-delivery-common';

/** Every kind, in the order the summary lists ties. @internal */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'feature',
  'fix',
  'refactor',
  'docs',
  'deps',
  'chore',
  'other',
];

/** What an MR's kind is read from. @internal */
export interface ChangeKindInput {
  labels: readonly string[];
  title: string;
  sourceBranch: string;
}

const LABEL_KINDS: Record<string, ChangeKind> = {
  feature: 'feature',
  feat: 'feature',
  enhancement: 'feature',
  'new feature': 'feature',
  improvement: 'feature',
  bug: 'fix',
  bugfix: 'fix',
  fix: 'fix',
  hotfix: 'fix',
  regression: 'fix',
  defect: 'fix',
  refactor: 'refactor',
  refactoring: 'refactor',
  'tech debt': 'refactor',
  'tech-debt': 'refactor',
  'technical debt': 'refactor',
  docs: 'docs',
  documentation: 'docs',
  dependencies: 'deps',
  dependency: 'deps',
  deps: 'deps',
  renovate: 'deps',
  dependabot: 'deps',
  chore: 'chore',
  maintenance: 'chore',
  ci: 'chore',
  tooling: 'chore',
};

// When labels disagree the most specific kind wins: a dependency bump labelled
// "bug" is still a dependency update, and a fix that touches docs is a fix.
const LABEL_PRECEDENCE: readonly ChangeKind[] = [
  'deps',
  'fix',
  'feature',
  'refactor',
  'docs',
  'chore',
];

const TITLE_TYPES: Record<string, ChangeKind> = {
  feat: 'feature',
  feature: 'feature',
  fix: 'fix',
  bugfix: 'fix',
  hotfix: 'fix',
  refactor: 'refactor',
  perf: 'refactor',
  docs: 'docs',
  doc: 'docs',
  deps: 'deps',
  build: 'chore',
  chore: 'chore',
  ci: 'chore',
  style: 'chore',
  test: 'chore',
  tests: 'chore',
};

const DEPS_SCOPES = new Set(['deps', 'deps-dev', 'dependencies', 'dependency']);

const BRANCH_PREFIXES: Record<string, ChangeKind> = {
  feature: 'feature',
  feat: 'feature',
  fix: 'fix',
  bugfix: 'fix',
  hotfix: 'fix',
  docs: 'docs',
  refactor: 'refactor',
  renovate: 'deps',
  dependabot: 'deps',
  chore: 'chore',
};

const DRAFT_PREFIX =
  /^\s*(?:\[(?:draft|wip)\]|\((?:draft|wip)\)|(?:draft|wip):)\s*/i;
const CONVENTIONAL = /^([a-z]+)(?:\(([^)]*)\))?!?:/i;

/** A word's kind in a table; words like "constructor" are not kinds. */
function lookup(
  table: Record<string, ChangeKind>,
  word: string,
): ChangeKind | undefined {
  return Object.prototype.hasOwnProperty.call(table, word)
    ? table[word]
    : undefined;
}

function labelCandidates(label: string): string[] {
  const name = label.trim().toLowerCase();
  const parts = name.split('::').map(part => part.trim());
  // Scoped labels: "type::bug" by its value, "bug::performance" by its scope.
  return [name, parts[parts.length - 1], parts[0]];
}

/** The kind the labels name, or null. @internal */
export function kindFromLabels(labels: readonly string[]): ChangeKind | null {
  const found = new Set<ChangeKind>();
  for (const label of labels) {
    const kind = labelCandidates(label)
      .map(candidate => lookup(LABEL_KINDS, candidate))
      .find(Boolean);
    if (kind) found.add(kind);
  }
  return LABEL_PRECEDENCE.find(kind => found.has(kind)) ?? null;
}

/** The kind a conventional-commit title prefix names (`feat:`, `chore(deps):`), or null. @internal */
export function kindFromTitle(title: string): ChangeKind | null {
  const match = CONVENTIONAL.exec(title.replace(DRAFT_PREFIX, ''));
  if (!match) return null;
  const scope = match[2]?.trim().toLowerCase();
  if (scope && DEPS_SCOPES.has(scope)) return 'deps';
  return lookup(TITLE_TYPES, match[1].toLowerCase()) ?? null;
}

/** The kind a branch prefix names (`feature/`, `renovate/`), or null. @internal */
export function kindFromBranch(sourceBranch: string): ChangeKind | null {
  const slash = sourceBranch.indexOf('/');
  if (slash <= 0) return null;
  return (
    lookup(BRANCH_PREFIXES, sourceBranch.slice(0, slash).toLowerCase()) ?? null
  );
}

/**
 * The kind of work an MR does: from its labels, else a conventional-commit
 * prefix of its title, else its source branch prefix, else 'other'.
 * @internal
 */
export function changeKind(mr: ChangeKindInput): ChangeKind {
  return (
    kindFromLabels(mr.labels) ??
    kindFromTitle(mr.title) ??
    kindFromBranch(mr.sourceBranch) ??
    'other'
  );
}
