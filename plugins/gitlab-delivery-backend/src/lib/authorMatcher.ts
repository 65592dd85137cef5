import { Minimatch } from 'minimatch';

/**
 * Square brackets are literal in author patterns: `*[bot]` is meant to match
 * `dependabot[bot]`, while as a glob character class it would match any name
 * ending in b, o or t (and so exclude "scott").
 */
function literalBrackets(pattern: string): string {
  return pattern.replace(/[[\]]/g, '\\$&');
}

/**
 * A predicate telling whether an author matches one of the `excludeAuthors`
 * globs (case-insensitive; `*`, `?` and `{a,b}` work; brackets are literal).
 * Decisions are remembered per author.
 * @internal
 */
export function authorMatcher(
  patterns: readonly string[],
): (author: string) => boolean {
  const globs = patterns
    .map(pattern => pattern.trim())
    .filter(pattern => pattern.length > 0)
    .map(
      pattern =>
        new Minimatch(literalBrackets(pattern), {
          nocase: true,
          dot: true,
          platform: 'linux',
        }),
    );
  const known = new Map<string, boolean>();
  return author => {
    let excluded = known.get(author);
    if (excluded === undefined) {
      excluded = globs.some(glob => glob.match(author));
      known.set(author, excluded);
    }
    return excluded;
  };
}

/** The authors that match the `excludeAuthors` globs. @internal */
export function excludedAuthors(
  authors: readonly string[],
  patterns: readonly string[],
): string[] {
  const isExcluded = authorMatcher(patterns);
  return authors.filter(isExcluded);
}
