import { Minimatch } from 'minimatch';

/**
 * A test for the authors kept out of the metrics: GitLab bot users, and
 * usernames that match one of `gitlabDelivery.excludeAuthors`
 * (case-insensitive). Brackets in a pattern are literal, so `*[bot]` matches
 * `dependabot[bot]` instead of every name ending in b, o or t; the metrics
 * read the patterns the same way.
 * @internal
 */
export function excludedAuthors(
  patterns: readonly string[],
): (username: string, isBot?: boolean) => boolean {
  const globs = patterns
    .map(pattern => pattern.trim())
    .filter(pattern => pattern.length > 0)
    .map(
      pattern =>
        new Minimatch(pattern.replace(/[[\]]/g, '\\$&'), {
          nocase: true,
          dot: true,
          platform: 'linux',
        }),
    );
  return (username, isBot = false) =>
    isBot || globs.some(glob => glob.match(username));
}
