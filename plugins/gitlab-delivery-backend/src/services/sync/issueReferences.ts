/** A GitLab issue an MR refers to, by its project's full path. @internal */
export interface IssueReference {
  projectPath: string;
  iid: number;
}

/** The issues an MR's description closes, and those it only mentions. @internal */
export interface IssueReferences {
  closes: IssueReference[];
  mentions: IssueReference[];
}

/** Descriptions are read up to this length: a reference past it is not worth a slow page. */
export const SCAN_LIMIT = 64 * 1024;

/** A project path segment (`Gitlab::PathRegex`): starts with a letter, digit, `_` or `.`. */
const SEGMENT = '[A-Za-z0-9_.][A-Za-z0-9_.-]*';
const PATH = `(?:${SEGMENT}/)*${SEGMENT}`;

/**
 * `#12`, `project#12` (a sibling project), `group/project#12`, or a link to
 * an issue of this GitLab (`<root>/group/project/-/issues/12`), as
 * `Issue.reference_pattern` and `Issue.link_reference_pattern` read them.
 */
function referencePattern(root: string, flags: string): RegExp {
  const url = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `${url}/(${PATH})/(?:-/)?issues/(\\d+)|(?<![A-Za-z0-9_./#&])(${PATH})?#(\\d+)(?![A-Za-z0-9_])`,
    flags,
  );
}

/**
 * GitLab's default closing pattern (config/gitlab.yml.example,
 * `issue_closing_pattern`, used by lib/gitlab/closing_issue_extractor.rb):
 * a keyword, an optional colon, then references separated by commas or "and".
 */
const KEYWORD =
  /\b(?:[Cc]los(?:e[sd]?|ing)|[Ff]ix(?:e[sd]|ing)?|[Rr]esolv(?:e[sd]?|ing)|[Ii]mplement(?:s|ed|ing)?):? +/g;
const ISSUES_WORD = /(?:issues? +)?/y;
const SEPARATOR = /(?: *,? +and +| *,? *)/y;
const JIRA_IN_STATEMENT = /[A-Z][A-Z0-9_]+-\d+/y;

function resolve(match: RegExpExecArray, projectPath: string): IssueReference {
  if (match[1] !== undefined) {
    return { projectPath: match[1], iid: Number(match[2]) };
  }
  const named = match[3];
  let path = projectPath;
  if (named) {
    // `project#12` names a project in the same namespace.
    path = named.includes('/')
      ? named
      : `${projectPath.slice(0, projectPath.lastIndexOf('/') + 1)}${named}`;
  }
  return { projectPath: path, iid: Number(match[4]) };
}

/** The key of an issue's title, as `MergeRequestReader.issueTitles` answers. */
export function titleKey(reference: IssueReference): string {
  return `${reference.projectPath}#${reference.iid}`;
}

function keyOf(reference: IssueReference): string {
  return `${reference.projectPath.toLowerCase()}#${reference.iid}`;
}

/**
 * The issue references of an MR description, split as GitLab would close
 * them: those in a closing statement are closed on merge, the others are
 * mentions. `root` is the web root of the instance (for issue links) and
 * `projectPath` the MR's project (for `#12`). Linear in the text, which is
 * read up to {@link SCAN_LIMIT}.
 * @internal
 */
export function issueReferences(
  description: string | null,
  context: { root: string; projectPath: string },
): IssueReferences {
  const text = (description ?? '').slice(0, SCAN_LIMIT);
  const closes = new Map<string, IssueReference>();
  const reference = referencePattern(context.root, 'y');
  for (const keyword of text.matchAll(KEYWORD)) {
    let at = keyword.index! + keyword[0].length;
    for (;;) {
      ISSUES_WORD.lastIndex = at;
      ISSUES_WORD.exec(text);
      reference.lastIndex = ISSUES_WORD.lastIndex;
      const match = reference.exec(text);
      if (match) {
        const found = resolve(match, context.projectPath);
        closes.set(keyOf(found), found);
        at = reference.lastIndex;
      } else {
        JIRA_IN_STATEMENT.lastIndex = at;
        if (!JIRA_IN_STATEMENT.exec(text)) break;
        at = JIRA_IN_STATEMENT.lastIndex;
      }
      SEPARATOR.lastIndex = at;
      SEPARATOR.exec(text);
      at = SEPARATOR.lastIndex;
    }
  }
  const mentions = new Map<string, IssueReference>();
  for (const match of text.matchAll(referencePattern(context.root, 'g'))) {
    const found = resolve(match, context.projectPath);
    const key = keyOf(found);
    if (!closes.has(key)) mentions.set(key, found);
  }
  return { closes: [...closes.values()], mentions: [...mentions.values()] };
}
