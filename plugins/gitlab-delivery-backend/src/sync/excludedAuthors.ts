import { minimatch } from 'minimatch';

/**
 * A test for the authors kept out of the metrics: GitLab bot users, and
 * usernames that match one of `gitlabDelivery.excludeAuthors`. Brackets in a
 * pattern are literal, so `*[bot]` means the suffix "[bot]", not a character
 * class.
 * @internal
 */
export function excludedAuthors(
  patterns: string[],
): (username: string, isBot?: boolean) => boolean {
  const escaped = patterns.map(pattern => pattern.replace(/[[\]]/g, '\\$&'));
  return (username, isBot = false) =>
    isBot ||
    escaped.some(pattern => minimatch(username, pattern, { nocase: true }));
}
