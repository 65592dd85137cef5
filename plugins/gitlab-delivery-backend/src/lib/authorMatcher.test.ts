import { authorMatcher, excludedAuthors } from './authorMatcher';

describe('excludeAuthors', () => {
  it('reads [bot] literally, as an admin writing *[bot] means', () => {
    const isExcluded = authorMatcher(['*[bot]']);
    expect(isExcluded('dependabot[bot]')).toBe(true);
    expect(isExcluded('renovate[bot]')).toBe(true);
    expect(isExcluded('project_7_bot_3f2a[bot]')).toBe(true);
    // As a character class, *[bot] would match every name ending in b, o or t.
    expect(isExcluded('scott')).toBe(false);
    expect(isExcluded('robot')).toBe(false);
    expect(isExcluded('bob')).toBe(false);
    expect(isExcluded('bot')).toBe(false);
  });

  it('matches whole names, case-insensitively, with * ? and braces', () => {
    const isExcluded = authorMatcher([
      'renovate-bot',
      'ci-?',
      '{gitlab,project}-bot-*',
    ]);
    expect(isExcluded('renovate-bot')).toBe(true);
    expect(isExcluded('Renovate-Bot')).toBe(true);
    expect(isExcluded('renovate-bot-2')).toBe(false);
    expect(isExcluded('ci-1')).toBe(true);
    expect(isExcluded('ci-12')).toBe(false);
    expect(isExcluded('gitlab-bot-release')).toBe(true);
    expect(isExcluded('project-bot-x')).toBe(true);
    expect(isExcluded('alice')).toBe(false);
  });

  it('excludes nobody without patterns, and ignores blank ones', () => {
    expect(authorMatcher([])('dependabot[bot]')).toBe(false);
    expect(authorMatcher(['', '  '])('alice')).toBe(false);
  });

  it('filters a list of authors', () => {
    expect(
      excludedAuthors(
        ['alice', 'dependabot[bot]', 'scott', 'renovate-bot'],
        ['*[bot]', 'renovate-bot'],
      ),
    ).toEqual(['dependabot[bot]', 'renovate-bot']);
  });
});
