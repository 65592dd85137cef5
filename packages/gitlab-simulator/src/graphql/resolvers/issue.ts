import type { DatasetIssue, DatasetProject } from '../../dataset/types';
import { keysetConnection, type ConnectionArgs } from '../connection';
import { gid, webBase, type GraphqlContext, type ProjectNode } from './context';

export interface IssueNode {
  project: DatasetProject;
  issue: DatasetIssue;
}

/** A project's issues: those its merge requests close or mention, once each. */
function issuesOf(project: DatasetProject): DatasetIssue[] {
  const byIid = new Map<number, DatasetIssue>();
  for (const mr of project.mergeRequests) {
    for (const issue of [...mr.closesIssues, ...(mr.relatedIssues ?? [])]) {
      if (!byIid.has(issue.iid)) byIid.set(issue.iid, issue);
    }
  }
  return [...byIid.values()];
}

/** `Project.issues(iids:)`, oldest first. */
export function projectIssues(
  { project }: ProjectNode,
  args: ConnectionArgs & { iids?: string[] | null },
  _ctx: GraphqlContext,
) {
  const iids = args.iids?.map(Number);
  const issues = issuesOf(project).filter(i => !iids || iids.includes(i.iid));
  return keysetConnection<IssueNode>(
    issues.map(issue => ({ project, issue })),
    [{ name: 'iid', value: node => node.issue.iid, descending: false }],
    args,
  );
}

/** Resolvers of `Issue`. */
export const issueResolvers = {
  id: ({ project, issue }: IssueNode) =>
    gid('Issue', issue.id ?? project.id * 100_000 + issue.iid),
  iid: ({ issue }: IssueNode) => String(issue.iid),
  state: ({ issue }: IssueNode) => issue.state ?? 'opened',
  title: ({ issue }: IssueNode) => issue.title,
  webUrl: ({ project, issue }: IssueNode, _: unknown, ctx: GraphqlContext) =>
    `${webBase(ctx.state)}/${project.path}/-/issues/${issue.iid}`,
};
