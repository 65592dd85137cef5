/** The GitLab version simulated when none is configured. */
export const DEFAULT_VERSION = '17.5.0';

/** Parses `major.minor.patch` (suffixes like `-ee` are ignored). */
export function parseVersion(version: string): [number, number, number] {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) {
    throw new Error(`Invalid GitLab version '${version}'`);
  }
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** True when `version` is at least `minimum`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) {
      return a[i] > b[i];
    }
  }
  return true;
}

/** Features that depend on the simulated GitLab version, with the release that introduced them. */
export const FEATURE_VERSIONS = {
  /** REST `GET /metadata`. */
  metadataEndpoint: '15.2',
  /** REST `GET /personal_access_tokens/self`. */
  personalAccessTokensSelf: '15.5',
  /** GraphQL `Project.mergeRequests(updatedAfter:, updatedBefore:)`. */
  graphqlUpdatedAfter: '15.8',
  /**
   * REST approvals `approved_by[].approved_at`: API::Entities::Approvals gained
   * `expose :created_at, as: :approved_at` with gitlab-org/gitlab!204605 (autumn 2025);
   * 18.5 is the first release that can carry it.
   */
  approvedAt: '18.5',
  /**
   * GraphQL `Note.internal`, which renamed `confidential` (deprecated in
   * 15.5: `app/graphql/types/notes/note_type.rb`).
   */
  graphqlNoteInternal: '15.5',
  /** GraphQL `Note.systemNoteMetadata` (gitlab-org/gitlab!106216, 15.7). */
  graphqlSystemNoteMetadata: '15.7',
  /** GraphQL `Project.maxAccessLevel` (gitlab-org/gitlab!141969, 16.9). */
  graphqlMaxAccessLevel: '16.9',
  /** GraphQL `MergeRequest.closedAt`. */
  graphqlClosedAt: '16.0',
} as const;

/** Feature names that are version-gated. */
export type Feature = keyof typeof FEATURE_VERSIONS;

/** True when the simulated version has the feature. */
export function hasFeature(version: string, feature: Feature): boolean {
  return versionAtLeast(version, FEATURE_VERSIONS[feature]);
}

/** A stable fake git revision for a version string. */
export function revisionFor(version: string): string {
  let hash = 2166136261;
  for (const char of version) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return `${hash.toString(16)}a3f9c1d`.slice(0, 11).padStart(11, '0');
}
