import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';
import { GitlabIssue } from '../../gitlab/types';

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

/** A mention of a GitLab issue: `#12`, `group/project#12` or an issue URL. */
const ISSUE_REFERENCE =
  /(?:^|[\s(\[])(?:[\w.-]+\/[\w./-]*)?#\d+\b|\/-\/issues\/\d+/;

/**
 * The Jira-style keys (`ABC-123`) in the given texts, in order of first
 * appearance, without duplicates.
 * @internal
 */
export function extractJiraKeys(
  texts: Array<string | null | undefined>,
): string[] {
  const keys: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.matchAll(JIRA_KEY)) {
      const key = match[1];
      if (NOT_JIRA.has(key.slice(0, key.indexOf('-')))) continue;
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

/** Whether a description mentions a GitLab issue, which makes `related_issues` worth asking. @internal */
export function mentionsIssue(text: string | null | undefined): boolean {
  return Boolean(text && ISSUE_REFERENCE.test(text));
}

/** A GitLab issue's full reference, such as `group/project#12`. */
function issueKey(issue: GitlabIssue): string {
  if (issue.reference) return issue.reference;
  try {
    const path = /^\/(.+)\/-\/issues\/(\d+)\/?$/.exec(
      new URL(issue.webUrl).pathname,
    );
    if (path) return `${path[1]}#${path[2]}`;
  } catch {
    // no usable URL
  }
  return `#${issue.iid}`;
}

/** The GitLab issues of an MR: the ones it closes, or the ones it only mentions. @internal */
export interface LinkedIssues {
  relation: 'closes' | 'mentions';
  issues: GitlabIssue[];
}

/**
 * The tickets an MR relates to: the GitLab issues it closes (or mentions),
 * then the Jira-style keys in its title, description and source branch. Jira
 * keys are stored without a URL: the metrics add it from the Jira base URL
 * configured when they are read.
 * @internal
 */
export function relatedTickets(options: {
  title: string;
  description: string | null;
  sourceBranch: string;
  linkedIssues: LinkedIssues;
}): RelatedTicket[] {
  const tickets: RelatedTicket[] = [];
  const seen = new Set<string>();
  const { relation, issues } = options.linkedIssues;
  for (const issue of issues) {
    const key = issueKey(issue);
    if (seen.has(key)) continue;
    seen.add(key);
    tickets.push({
      kind: 'gitlab_issue',
      key,
      ...(issue.title ? { title: issue.title } : {}),
      ...(issue.webUrl ? { url: issue.webUrl } : {}),
      relation,
    });
  }
  for (const key of extractJiraKeys([
    options.title,
    options.description,
    options.sourceBranch,
  ])) {
    tickets.push({ kind: 'jira', key });
  }
  return tickets;
}
