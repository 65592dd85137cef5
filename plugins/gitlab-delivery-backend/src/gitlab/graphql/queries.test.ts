import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLSchema, parse, validate } from 'graphql';
import { QueryFeatures } from '../HostFeatures';
import { estimateComplexity } from '../__testUtils__/estimateComplexity';
import {
  byIidsQuery,
  groupPageQuery,
  iidsQuery,
  issuesQuery,
  memberProjectsQuery,
  moreNotesQuery,
  probeQuery,
  projectPageQuery,
  projectsByPathQuery,
} from './queries';

const SCHEMA_2022 = path.join(
  __dirname,
  '__fixtures__',
  'gitlab-schema-2022.graphql',
);

function schema2022(): GraphQLSchema {
  return buildSchema(fs.readFileSync(SCHEMA_2022, 'utf8'));
}

/** The 2022 schema with what GitLab added since that the plugin may use. */
function currentSchema(): GraphQLSchema {
  let sdl = fs.readFileSync(SCHEMA_2022, 'utf8');
  for (const type of ['\ntype Project ', '\ntype Group ']) {
    const at = sdl.indexOf(type);
    const list = sdl.indexOf('\n  mergeRequests(\n', at) + 1;
    const args = sdl.indexOf('\n', list) + 1;
    sdl = `${sdl.slice(
      0,
      args,
    )}    updatedAfter: Time\n    updatedBefore: Time\n${sdl.slice(args)}`;
  }
  sdl = sdl.replace(
    /(\ntype MergeRequest implements [^{]*\{\n)/,
    '$1  closedAt: Time\n',
  );
  sdl = sdl.replace(
    /(\ntype Note implements [^{]*\{\n)/,
    '$1  internal: Boolean\n  systemNoteMetadata: SystemNoteMetadata\n',
  );
  sdl = sdl.replace(
    /(\ntype Project \{\n)/,
    '$1  maxAccessLevel: AccessLevel!\n',
  );
  sdl += '\ntype SystemNoteMetadata { id: ID! action: String }\n';
  return buildSchema(sdl);
}

const OLD: QueryFeatures = {
  updatedAfter: false,
  closedAt: false,
  noteMetadata: false,
};
const NEW: QueryFeatures = {
  updatedAfter: true,
  closedAt: true,
  noteMetadata: true,
};

/** Every document the sync sends, with the largest batch of aliases it uses. */
const everyQuery = (features: QueryFeatures) => [
  projectPageQuery(features),
  groupPageQuery(features),
  byIidsQuery(features),
  moreNotesQuery(features, [3, 5]),
  issuesQuery(20),
  probeQuery(),
  iidsQuery(),
  projectsByPathQuery(40),
];

describe('the sync’s GraphQL queries', () => {
  it('validate against GitLab 2022 without the newer features', () => {
    const schema = schema2022();
    for (const query of everyQuery(OLD)) {
      expect(validate(schema, parse(query))).toEqual([]);
    }
  });

  it('validate against current GitLab with every mix of features', () => {
    const schema = currentSchema();
    for (const features of [
      NEW,
      OLD,
      { ...NEW, closedAt: false },
      { ...NEW, noteMetadata: false },
    ]) {
      for (const query of everyQuery(features)) {
        expect(validate(schema, parse(query))).toEqual([]);
      }
    }
  });

  it('use nothing beyond the 2022 schema but the features they are written for', () => {
    const errors = everyQuery(NEW).flatMap(query =>
      validate(schema2022(), parse(query)).map(e => e.message),
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const message of errors) {
      expect(message).toMatch(
        /updatedAfter|closedAt|internal|systemNoteMetadata/,
      );
    }
  });

  it('never ask for code, diffs or comment bodies', () => {
    for (const query of [...everyQuery(NEW), ...everyQuery(OLD)]) {
      expect(query).not.toMatch(/diffStats\s*[({]/);
      expect(query).not.toMatch(
        /\b(diffs|rawPath|blob|repository|commits?|body)\b/i,
      );
    }
  });

  it('stay within page size 100 and GitLab’s complexity limit of 250', () => {
    for (const query of [...everyQuery(NEW), ...everyQuery(OLD)]) {
      for (const match of query.matchAll(/first: (\d+)/g)) {
        expect(Number(match[1])).toBeLessThanOrEqual(100);
      }
      expect(estimateComplexity(query)).toBeLessThanOrEqual(250);
    }
  });
});

// Query.projects: app/graphql/resolvers/projects_resolver.rb; Project.maxAccessLevel:
// app/graphql/types/project_type.rb (GitLab 16.9, after the 2022 schema).
describe('the project list query', () => {
  it('validates against GitLab 2022 without maxAccessLevel', () => {
    expect(validate(schema2022(), parse(memberProjectsQuery(false)))).toEqual(
      [],
    );
  });

  it('lacks only maxAccessLevel on GitLab 2022 when it asks for it', () => {
    const errors = validate(schema2022(), parse(memberProjectsQuery(true)));
    expect(errors.map(e => e.message)).toEqual([
      'Cannot query field "maxAccessLevel" on type "Project".',
    ]);
  });

  it('validates against current GitLab either way, within page size and complexity', () => {
    for (const query of [
      memberProjectsQuery(true),
      memberProjectsQuery(false),
    ]) {
      expect(validate(currentSchema(), parse(query))).toEqual([]);
      expect(estimateComplexity(query)).toBeLessThanOrEqual(250);
    }
  });
});
