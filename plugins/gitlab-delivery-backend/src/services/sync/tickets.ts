import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { IssueTitle } from '../../gitlab/graphql/MergeRequestReader';
import { IssueReference, IssueReferences, SCAN_LIMIT } from './issueReferences';

const JIRA_KEY = /(?<![A-Za-z0-9_-])([A-Z][A-Z0-9]+-\d+)(?![A-Za-z0-9])/g;

/** Prefixes that look like Jira keys but name standards and hashes. */
const NOT_JIRA = new Set([
  'AES',
  'CVE',
  'CWE',
  'GHSA',
  'HTTP',
  'ISO',
  'RFC',
  'RSA',
  'SHA',
  'SSL',
  'TLS',
  'UTF',
]);

/** Jira keys kept per MR at most. @internal */
export const MAX_JIRA_KEYS = 50;

/**
 * The Jira-style keys (`ABC-123`) in the given texts, in order of first
 * appearance, without duplicates: each text read up to 64 KB, at most
 * {@link MAX_JIRA_KEYS} keys, in one pass.
 * @internal
 */
export function extractJiraKeys(
  texts: Array<string | null | undefined>,
): string[] {
  const keys = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.slice(0, SCAN_LIMIT).matchAll(JIRA_KEY)) {
      const key = match[1];
      if (NOT_JIRA.has(key.slice(0, key.indexOf('-')))) continue;
      keys.add(key);
      if (keys.size >= MAX_JIRA_KEYS) return [...keys];
    }
  }
  return [...keys];
}

/** The key under which an issue's title is looked up: `path#iid`. @internal */
export function issueKey(reference: IssueReference): string {
  return `${reference.projectPath}#${reference.iid}`;
}

/**
 * The tickets an MR relates to: the GitLab issues its description closes,
 * then those it only mentions, then the Jira-style keys in its title,
 * description and source branch. Jira keys are stored without a URL: the
 * metrics add it from the Jira base URL configured when they are read.
 * @internal
 */
export function relatedTickets(options: {
  title: string;
  description: string | null;
  sourceBranch: string;
  issues: IssueReferences;
  /**
   * The referenced issues GitLab shows, by {@link issueKey}: references to
   * anything else (`#1` in "the #1 priority", an issue the token cannot see)
   * are left out. Undefined when GitLab could not be asked: every reference
   * is kept, without a title.
   */
  titles?: ReadonlyMap<string, IssueTitle>;
  /** The instance's web root, for the URL of an issue GitLab gave no title for. */
  root: string;
}): RelatedTicket[] {
  const tickets: RelatedTicket[] = [];
  const add = (
    references: IssueReference[],
    relation: 'closes' | 'mentions',
  ) => {
    for (const reference of references) {
      const key = issueKey(reference);
      const known = options.titles?.get(key);
      if (options.titles && !known) continue;
      tickets.push({
        kind: 'gitlab_issue',
        key,
        ...(known?.title ? { title: known.title } : {}),
        url:
          known?.webUrl ||
          `${options.root}/${reference.projectPath}/-/issues/${reference.iid}`,
        relation,
      });
    }
  };
  add(options.issues.closes, 'closes');
  add(options.issues.mentions, 'mentions');
  for (const key of extractJiraKeys([
    options.title,
    options.description,
    options.sourceBranch,
  ])) {
    tickets.push({ kind: 'jira', key });
  }
  return tickets;
}
