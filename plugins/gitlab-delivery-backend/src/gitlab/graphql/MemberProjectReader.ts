import { GitlabClient, GraphqlError } from '../GitlabClient';
import { MemberProjectPage } from '../types';
import { numericId } from './nodes';
import { memberProjectsQuery } from './queries';
import { lacks } from './schemaProblems';

interface MemberProjectNode {
  id: string;
  fullPath: string;
  webUrl: string;
  mergeRequestsEnabled: boolean | null;
  userPermissions: { readMergeRequest: boolean };
  maxAccessLevel?: { integerValue: number | null };
}

interface MemberProjectsData {
  projects: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<MemberProjectNode | null>;
  } | null;
}

/**
 * Reads the projects the token's user is a member of, a page at a time,
 * asking for the user's role where the host's GitLab has it.
 * @internal
 */
export class MemberProjectReader {
  constructor(private readonly client: GitlabClient) {}

  /** One page of up to `first` projects, after GitLab's cursor `after`. */
  async page(options: {
    search?: string;
    first: number;
    after?: string;
  }): Promise<MemberProjectPage> {
    const { features } = this.client;
    const variables = {
      search: options.search ?? null,
      first: options.first,
      after: options.after ?? null,
    };
    const purpose = 'the projects the token user is a member of';
    let data: MemberProjectsData;
    if (features.maxAccessLevel === false) {
      data = await this.client.graphql(
        memberProjectsQuery(false),
        variables,
        purpose,
      );
    } else {
      try {
        data = await this.client.graphql(
          memberProjectsQuery(true),
          variables,
          purpose,
        );
        features.maxAccessLevel = true;
      } catch (error) {
        if (
          !(error instanceof GraphqlError) ||
          !error.problems.some(p => lacks(p, 'maxAccessLevel'))
        ) {
          throw error;
        }
        features.maxAccessLevel = false;
        this.client.warn(
          `GitLab at ${this.client.host} has no Project.maxAccessLevel (GitLab 16.9); the project list shows only whether merge requests are readable`,
        );
        data = await this.client.graphql(
          memberProjectsQuery(false),
          variables,
          purpose,
        );
      }
    }
    const connection = data.projects;
    const projects = (connection?.nodes ?? [])
      .filter((node): node is MemberProjectNode => node !== null)
      .map(node => ({
        id: numericId(node.id),
        fullPath: node.fullPath,
        webUrl: node.webUrl,
        mergeRequestsEnabled: node.mergeRequestsEnabled !== false,
        canReadMergeRequests: node.userPermissions.readMergeRequest,
        accessLevel: node.maxAccessLevel?.integerValue ?? null,
      }));
    const next = connection?.pageInfo;
    return {
      projects,
      ...(next?.hasNextPage && next.endCursor && { endCursor: next.endCursor }),
    };
  }
}
