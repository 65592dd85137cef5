import { parse } from 'graphql';
import { startSimulator, type GitlabSimulator } from '../server';
import { graphql, NOW } from '../testing/client';
import { GRAPHQL_DIFF_FIELD_PATTERN } from '../rest/code';
import { queryCost } from './complexity';
import { buildSchema } from './schema';

const LIST = `
  query ListMergeRequests($fullPath: ID!, $after: String, $updatedAfter: Time) {
    project(fullPath: $fullPath) {
      mergeRequests(first: 10, after: $after, sort: UPDATED_ASC, updatedAfter: $updatedAfter) {
        count
        pageInfo { hasNextPage endCursor }
        nodes {
          iid title state draft createdAt updatedAt mergedAt closedAt webUrl
          author { username bot }
          mergeUser { username }
          labels { nodes { title } }
          approvedBy { nodes { username } }
          userNotesCount
          diffStatsSummary { additions deletions fileCount }
          reference(full: true)
        }
      }
    }
  }`;

describe('GraphQL', () => {
  let sim: GitlabSimulator;
  let fullPath: string;
  beforeAll(async () => {
    sim = await startSimulator({
      generate: { now: NOW, projects: 2, mrsPerProject: 35 },
    });
    fullPath = sim.data.projects[0].path;
  });
  afterAll(() => sim.close());

  it('lists merge requests with sort, updatedAfter and cursor paging', async () => {
    const sorted = sim.data.projects[0].mergeRequests
      .map(m => m.updatedAt)
      .sort();
    const updatedAfter = new Date(
      Math.floor(Date.parse(sorted[5]) / 1000) * 1000,
    ).toISOString();
    const expected = sorted.filter(
      t => Date.parse(t) >= Date.parse(updatedAfter),
    ).length;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await graphql(
        sim,
        LIST,
        { fullPath, after, updatedAfter },
        'glpat-demo-token',
        'ListMergeRequests',
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const connection = res.body.data.project.mergeRequests;
      expect(connection.count).toBe(expected);
      seen.push(...connection.nodes.map((n: any) => n.updatedAt));
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(expected / 10));
    expect(seen).toHaveLength(expected);
    expect([...seen].sort()).toEqual(seen);
    // GitLab's Time type has no fractional seconds.
    expect(seen[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const logged = sim.requests.filter(r => r.kind === 'graphql').at(-1)!;
    expect(logged.operationName).toBe('ListMergeRequests');
    expect(logged.graphqlQuery).toContain('mergeRequests');
    expect(logged.graphqlVariables).toMatchObject({ fullPath });
    expect(GRAPHQL_DIFF_FIELD_PATTERN.test(logged.graphqlQuery!)).toBe(false);
    expect(
      GRAPHQL_DIFF_FIELD_PATTERN.test('{ diffStats(path: "a") { additions } }'),
    ).toBe(true);
  });

  it('resolves merge request fields like GitLab', async () => {
    const mr = sim.data.projects[0].mergeRequests.find(
      m => m.state === 'merged' && m.approvals.length,
    )!;
    const res = await graphql(
      sim,
      `
        query One($fullPath: ID!, $iid: String!) {
          project(fullPath: $fullPath) {
            mergeRequest(iid: $iid) {
              id
              iid
              state
              mergedAt
              closedAt
              reference(full: true)
              projectId
              approved
              approvedBy {
                nodes {
                  id
                  username
                }
              }
              notes(first: 100) {
                nodes {
                  body
                  system
                  systemNoteIconName
                  author {
                    username
                  }
                }
              }
            }
          }
        }
      `,
      { fullPath, iid: String(mr.iid) },
    );
    const node = res.body.data.project.mergeRequest;
    expect(node).toMatchObject({
      id: `gid://gitlab/MergeRequest/${mr.id}`,
      iid: String(mr.iid),
      state: 'merged',
      closedAt: null,
      reference: `${fullPath}!${mr.iid}`,
      projectId: 1,
    });
    const icons = node.notes.nodes
      .filter((n: any) => n.system)
      .map((n: any) => n.systemNoteIconName);
    // app/helpers/system_note_helper.rb maps `approved` to `check`; merges are resource state
    // events, not notes (SystemNotes::IssuablesService#change_status).
    expect(icons).toContain('check');
    expect(icons).not.toContain('merge');
    expect(node.notes.nodes.map((n: any) => n.body)).not.toContain('merged');
  });

  it('caps first at 100 and defaults to 100', async () => {
    const big = await startSimulator({
      generate: { now: NOW, projects: 1, mrsPerProject: 130 },
    });
    try {
      const query = `query($p: ID!, $first: Int) { project(fullPath: $p) { mergeRequests(first: $first) { count nodes { iid } pageInfo { hasNextPage } } } }`;
      const p = big.data.projects[0].path;
      const capped = await graphql(big, query, { p, first: 500 });
      expect(capped.body.data.project.mergeRequests.nodes).toHaveLength(100);
      expect(capped.body.data.project.mergeRequests.pageInfo.hasNextPage).toBe(
        true,
      );
      const unset = await graphql(big, query, { p });
      expect(unset.body.data.project.mergeRequests.nodes).toHaveLength(100);
      expect(unset.body.data.project.mergeRequests.count).toBe(130);
    } finally {
      await big.close();
    }
  });

  it('hides what the caller cannot see', async () => {
    const query = `query($p: ID!) { project(fullPath: $p) { fullPath mergeRequestsEnabled mergeRequests { nodes { iid } } } }`;
    const outsider = await graphql(
      sim,
      query,
      { p: fullPath },
      'glpat-outsider',
    );
    expect(outsider.body).toEqual({ data: { project: null } });
    // FullPathModelLoader downcases the path: any case finds the project.
    const wrongCase = await graphql(sim, query, {
      p: fullPath.toUpperCase(),
    });
    expect(wrongCase.body.data.project.fullPath).toBe(fullPath);
    const guest = await graphql(sim, query, { p: fullPath }, 'glpat-guest');
    expect(guest.body.data.project).toEqual({
      fullPath,
      mergeRequestsEnabled: true,
      mergeRequests: { nodes: [] },
    });
    const disabled = await graphql(sim, query, { p: 'tools/docs-archive' });
    expect(disabled.body.data.project).toMatchObject({
      mergeRequestsEnabled: false,
      mergeRequests: { nodes: [] },
    });
    // Like GitLab's GraphqlController, any token that does not authenticate is a 401.
    for (const token of [
      'glpat-revoked',
      'glpat-expired',
      'glpat-noscope',
      'glpat-blocked',
      'nope',
    ]) {
      const invalid = await graphql(sim, query, { p: fullPath }, token);
      expect([token, invalid.status]).toEqual([token, 401]);
      expect(invalid.body).toEqual({ errors: [{ message: 'Invalid token' }] });
    }
    const anonymous = await graphql(sim, query, { p: fullPath }, null);
    expect(anonymous.body).toEqual({ data: { project: null } });
    const me = await graphql(
      sim,
      '{ currentUser { username bot } metadata { version } }',
    );
    expect(me.body.data).toEqual({
      currentUser: { username: 'backstage-bot', bot: true },
      metadata: { version: '17.5.0' },
    });
  });

  it('rejects queries over the complexity limit', async () => {
    const selection = `(first: 100) { nodes {
      iid title description state draft createdAt updatedAt mergedAt closedAt webUrl sourceBranch targetBranch
      author { username name bot state webUrl } mergeUser { username name }
      labels { nodes { title color } } approvedBy { nodes { username name } }
      userNotesCount diffStatsSummary { additions deletions changes fileCount }
      notes(first: 100) { nodes { body system systemNoteIconName createdAt author { username } } }
    } }`;
    const single = `query One($p: ID!) { project(fullPath: $p) { mergeRequests${selection} } }`;
    const double = `query Two($p: ID!) { project(fullPath: $p) { opened: mergeRequests${selection} merged: mergeRequests${selection} } }`;
    expect(
      (await graphql(sim, single, { p: fullPath })).body.errors,
    ).toBeUndefined();
    const res = await graphql(sim, double, { p: fullPath });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [
        {
          message:
            'Query has complexity of 253, which exceeds max complexity of 250',
        },
      ],
    });
    const anonymous = await graphql(sim, double, { p: fullPath }, null);
    expect(anonymous.body.errors[0].message).toBe(
      'Query has complexity of 253, which exceeds max complexity of 200',
    );
  });
});

describe('GraphQL complexity', () => {
  it('follows GitLab resolver and connection rules', () => {
    const schema = buildSchema('17.5.0');
    const cost = (query: string, variables = {}) =>
      queryCost(schema, parse(query), undefined, variables).complexity;
    // nodes { iid } = 2; mergeRequests = (2 + 1 + 1 for the default sort) * (1 + 100 * 1%) = 8; project = 9.
    expect(
      cost(
        '{ project(fullPath: "a") { mergeRequests(first: 100) { nodes { iid } } } }',
      ),
    ).toBe(9);
    // first: 10 → (2 + 2) * 1.1 = 4.4 → 4; project 5.
    expect(
      cost(
        'query($n: Int) { project(fullPath: "a") { mergeRequests(first: $n) { nodes { iid } } } }',
        { n: 10 },
      ),
    ).toBe(5);
    // iids skip the page-size multiplier.
    expect(
      cost(
        '{ project(fullPath: "a") { mergeRequests(iids: ["1"]) { nodes { iid } } } }',
      ),
    ).toBe(5);
    // mergedAt and labels have a fixed complexity of 5.
    expect(
      cost(
        '{ project(fullPath: "a") { mergeRequest(iid: "1") { mergedAt } } }',
      ),
    ).toBe(7);
  });
});

describe('GraphQL on GitLab 15.4', () => {
  let sim: GitlabSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      version: '15.4.0',
      generate: { now: NOW, projects: 1, mrsPerProject: 3 },
    });
  });
  afterAll(() => sim.close());

  it('rejects closedAt like graphql-ruby', async () => {
    const res = await graphql(
      sim,
      `
        query MyQuery($p: ID!) {
          project(fullPath: $p) {
            mergeRequests {
              nodes {
                closedAt
              }
            }
          }
        }
      `,
      { p: sim.data.projects[0].path },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [
        {
          message: "Field 'closedAt' doesn't exist on type 'MergeRequest'",
          locations: [{ line: 6, column: 17 }],
          path: [
            'query MyQuery',
            'project',
            'mergeRequests',
            'nodes',
            'closedAt',
          ],
          extensions: {
            code: 'undefinedField',
            typeName: 'MergeRequest',
            fieldName: 'closedAt',
          },
        },
      ],
    });
  });

  it('rejects updatedAfter like graphql-ruby', async () => {
    const res = await graphql(
      sim,
      `
        query Sync($p: ID!, $since: Time) {
          project(fullPath: $p) {
            mergeRequests(updatedAfter: $since) {
              nodes {
                iid
              }
            }
          }
        }
      `,
      { p: sim.data.projects[0].path, since: NOW },
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'mergeRequests' doesn't accept argument 'updatedAfter'",
        path: ['query Sync', 'project', 'mergeRequests', 'updatedAfter'],
        extensions: {
          code: 'argumentNotAccepted',
          name: 'mergeRequests',
          typeName: 'Field',
          argumentName: 'updatedAfter',
        },
      }),
    ]);
  });

  it('reports literal and syntax errors like graphql-ruby', async () => {
    const literal = await graphql(
      sim,
      'query Q { project(fullPath: "a/b") { mergeRequests(sort: NEWEST) { nodes { iid } } } }',
    );
    expect(literal.body.errors).toEqual([
      expect.objectContaining({
        message:
          "Argument 'sort' on Field 'mergeRequests' has an invalid value (NEWEST). Expected type 'MergeRequestSort'.",
        path: ['query Q', 'project', 'mergeRequests', 'sort'],
        extensions: {
          code: 'argumentLiteralsIncompatible',
          typeName: 'Field',
          argumentName: 'sort',
        },
      }),
    ]);
    const syntax = await graphql(sim, '{ project(fullPath: "a/b") { id } } }');
    expect(syntax.body.errors[0].message).toBe(
      'Parse error on "}" (RCURLY) at [1, 37]',
    );
    const missing = await graphql(sim, '{ project { id } }');
    expect(missing.body.errors[0]).toMatchObject({
      message: "Field 'project' is missing required arguments: fullPath",
      extensions: { code: 'missingRequiredArguments' },
    });
  });

  it('still serves the 2022 fields', async () => {
    const res = await graphql(
      sim,
      `
        query ($p: ID!) {
          project(fullPath: $p) {
            mergeRequests(sort: CREATED_ASC) {
              nodes {
                iid
                state
                mergedAt
              }
            }
          }
        }
      `,
      { p: sim.data.projects[0].path },
    );
    expect(res.body.errors).toBeUndefined();
    expect(
      res.body.data.project.mergeRequests.nodes.map((n: any) => n.iid),
    ).toEqual(['1', '2', '3']);
  });
});
