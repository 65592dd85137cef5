import {
  changeKind,
  kindFromBranch,
  kindFromLabels,
  kindFromTitle,
} from './changeKind';

const none = {
  labels: [],
  title: 'Update things',
  sourceBranch: 'update-things',
};

describe('changeKind', () => {
  it('reads labels first', () => {
    expect(
      changeKind({ labels: ['Bug'], title: 'feat: x', sourceBranch: 'docs/y' }),
    ).toBe('fix');
    expect(kindFromLabels(['type::feature'])).toBe('feature');
    expect(kindFromLabels(['bug::performance'])).toBe('fix');
    expect(kindFromLabels(['Documentation'])).toBe('docs');
    expect(kindFromLabels(['dependencies'])).toBe('deps');
    expect(kindFromLabels(['tech debt'])).toBe('refactor');
    expect(kindFromLabels(['type::maintenance'])).toBe('chore');
    expect(kindFromLabels(['frontend', 'priority::1'])).toBeNull();
  });

  it('lets the most specific label win when labels disagree', () => {
    expect(kindFromLabels(['documentation', 'bug'])).toBe('fix');
    expect(kindFromLabels(['bug', 'dependencies'])).toBe('deps');
    expect(kindFromLabels(['chore', 'feature'])).toBe('feature');
  });

  it.each([
    ['feat: add export', 'feature'],
    ['feat!: drop v1', 'feature'],
    ['fix(api): handle 404', 'fix'],
    ['chore(deps): bump luxon', 'deps'],
    ['fix(deps): update pg to v8.12', 'deps'],
    ['build(deps-dev): bump jest', 'deps'],
    ['docs: install guide', 'docs'],
    ['refactor: split router', 'refactor'],
    ['perf(db): batch inserts', 'refactor'],
    ['ci: cache yarn', 'chore'],
    ['test: cover paging', 'chore'],
    ['Draft: feat: search', 'feature'],
    ['[Draft] fix: typo', 'fix'],
    ['WIP: docs: readme', 'docs'],
  ])('reads the title %p as %p', (title, kind) => {
    expect(kindFromTitle(title)).toBe(kind);
  });

  it('ignores titles without a conventional prefix', () => {
    expect(kindFromTitle('Fix login redirect')).toBeNull();
    expect(kindFromTitle('Resolve "Export: CSV"')).toBeNull();
    expect(kindFromTitle('wat: unknown type')).toBeNull();
  });

  it.each([
    ['feature/PAY-1-export', 'feature'],
    ['feat/search', 'feature'],
    ['fix/login', 'fix'],
    ['bugfix/login', 'fix'],
    ['hotfix/1.2.1', 'fix'],
    ['docs/readme', 'docs'],
    ['refactor/router', 'refactor'],
    ['renovate/luxon-3.x', 'deps'],
    ['dependabot/npm_and_yarn/pg-8.12.0', 'deps'],
    ['chore/lint', 'chore'],
    ['Feature/Upper', 'feature'],
  ])('reads the branch %p as %p', (branch, kind) => {
    expect(kindFromBranch(branch)).toBe(kind);
  });

  it('ignores branches without a known prefix', () => {
    expect(kindFromBranch('main')).toBeNull();
    expect(kindFromBranch('alice/experiment')).toBeNull();
    expect(kindFromBranch('/feature')).toBeNull();
  });

  it('falls back from title to branch to other', () => {
    expect(
      changeKind({ ...none, title: 'refactor: x', sourceBranch: 'fix/y' }),
    ).toBe('refactor');
    expect(changeKind({ ...none, sourceBranch: 'docs/y' })).toBe('docs');
    expect(changeKind(none)).toBe('other');
  });

  it('takes no kind from words that name object properties', () => {
    expect(kindFromLabels(['constructor', 'toString'])).toBeNull();
    expect(kindFromTitle('constructor: odd prefix')).toBeNull();
    expect(kindFromBranch('__proto__/x')).toBeNull();
    expect(
      changeKind({
        labels: ['hasOwnProperty'],
        title: 'valueOf: y',
        sourceBranch: 'toString/z',
      }),
    ).toBe('other');
  });
});
