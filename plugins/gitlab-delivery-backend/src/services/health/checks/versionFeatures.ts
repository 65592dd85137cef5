import { HealthCheck } from '@delivery-insights/plugin-gitlab-delivery-common';
import { CheckMaker } from './checks';

/** A GitLab feature the plugin uses, and what happens without it. */
interface Feature {
  since: [number, number];
  name: string;
  without: string;
  /** Whether its absence makes a metric less precise (a warning) or only costs requests. */
  affectsMetrics: boolean;
}

const FEATURES: Feature[] = [
  {
    since: [15, 5],
    name: 'GET /personal_access_tokens/self (15.5)',
    without: "the token's expiry date and scopes cannot be read",
    affectsMetrics: true,
  },
  {
    since: [15, 8],
    name: 'GraphQL mergeRequests(updatedAfter:) (15.8)',
    without:
      'each sync pages through merge requests from the newest instead of asking for the changed ones',
    affectsMetrics: false,
  },
  {
    since: [15, 7],
    name: 'GraphQL Note.systemNoteMetadata (15.7)',
    without:
      'approvals are told from their notes by icon, which some GitLab versions share with other notes',
    affectsMetrics: false,
  },
  {
    since: [16, 0],
    name: 'GraphQL MergeRequest.closedAt (16.0)',
    without:
      'close times come from state events, one REST request per closed merge request',
    affectsMetrics: false,
  },
];

/** The oldest GitLab the plugin is tested with. */
const OLDEST_TESTED: [number, number] = [15, 0];

/** `major.minor` of a GitLab version such as `17.5.0`, `17.8.0-pre` or `16.11.3-ee`. @internal */
export function parseGitlabVersion(
  version: string,
): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function atLeast(version: [number, number], since: [number, number]): boolean {
  return version[0] !== since[0]
    ? version[0] > since[0]
    : version[1] >= since[1];
}

/**
 * `instance.version`: the version, and what the plugin does without the
 * newer features it uses. A warning when metrics lose precision.
 * @internal
 */
export function versionCheck(version: string, check: CheckMaker): HealthCheck {
  const id = 'instance.version';
  const parsed = parseGitlabVersion(version);
  if (!parsed) {
    return check(
      id,
      'warning',
      `GitLab reports the version "${version}", which the plugin cannot read; it assumes every feature is there.`,
    );
  }
  const missing = FEATURES.filter(f => !atLeast(parsed, f.since));
  if (missing.length === 0) {
    return check(
      id,
      'ok',
      `GitLab ${version}: every feature the plugin uses is available.`,
    );
  }
  const list = missing.map(f => `${f.name}: ${f.without}`).join('; ');
  const old = !atLeast(parsed, OLDEST_TESTED)
    ? ` It is older than GitLab ${OLDEST_TESTED.join(
        '.',
      )}, the oldest the plugin is tested with.`
    : '';
  const warn = old !== '' || missing.some(f => f.affectsMetrics);
  const newest = missing[missing.length - 1].since.join('.');
  return check(
    id,
    warn ? 'warning' : 'ok',
    `GitLab ${version} lacks ${list}.${old}`,
    warn
      ? {
          remediation: `Upgrade GitLab to ${newest} or later for every feature; the plugin works meanwhile, with the limits above.`,
        }
      : {},
  );
}
