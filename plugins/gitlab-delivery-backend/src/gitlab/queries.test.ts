import fs from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import {
  mergeRequestListQuery,
  mergeRequestNotesBatchQuery,
  mergeRequestNotesPageQuery,
  projectQuery,
  QueryFeatures,
} from './queries';
import { estimateComplexity } from './__testUtils__/estimateComplexity';
import { NOTES_BATCH_SIZE } from './MergeRequestReader';

const SCHEMA_2022 = '/work/shared/reference/gitlab-graphql-schema-2022.graphql';

function schema2022() {
  return buildSchema(fs.readFileSync(SCHEMA_2022, 'utf8'));
}

/** The 2022 schema with what GitLab added since that the plugin may use. */
function currentSchema() {
  let sdl = fs.readFileSync(SCHEMA_2022, 'utf8');
  const project = sdl.indexOf('\ntype Project {');
  const list = sdl.indexOf('\n  mergeRequests(\n', project) + 1;
  const args = sdl.indexOf('\n', list) + 1;
  sdl = `${sdl.slice(
    0,
    args,
  )}    updatedAfter: Time\n    updatedBefore: Time\n${sdl.slice(args)}`;
  sdl = sdl.replace(
    /(\ntype MergeRequest implements [^{]*\{\n)/,
    '$1  closedAt: Time\n',
  );
  return buildSchema(sdl);
}

const OLD: QueryFeatures = { updatedAfter: false, closedAt: false };
const NEW: QueryFeatures = { updatedAfter: true, closedAt: true };

const everyQuery = (features: QueryFeatures) => [
  mergeRequestListQuery(features),
  mergeRequestNotesBatchQuery(),
  mergeRequestNotesPageQuery(),
  projectQuery(),
];

describe('GraphQL queries', () => {
  it('validate against GitLab 2022 without the newer extras', () => {
    const schema = schema2022();
    for (const query of everyQuery(OLD)) {
      expect(validate(schema, parse(query))).toEqual([]);
    }
  });

  it('use only updatedAfter and closedAt beyond the 2022 schema', () => {
    const old = schema2022();
    const errors = validate(old, parse(mergeRequestListQuery(NEW))).map(
      e => e.message,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('updatedAfter'),
        expect.stringContaining('closedAt'),
      ]),
    );
    expect(
      errors.every(e => e.includes('updatedAfter') || e.includes('closedAt')),
    ).toBe(true);
    const current = currentSchema();
    for (const features of [
      NEW,
      OLD,
      { updatedAfter: true, closedAt: false },
    ]) {
      for (const query of everyQuery(features)) {
        expect(validate(current, parse(query))).toEqual([]);
      }
    }
  });

  it('never ask for per-file diff data', () => {
    for (const query of [...everyQuery(NEW), ...everyQuery(OLD)]) {
      expect(query).not.toMatch(/diffStats\s*[({]/);
      expect(query).not.toMatch(
        /\b(diffs|rawPath|blob|repository|commits?)\b/i,
      );
    }
  });

  it('stay within page size 100 and GitLab complexity 250', () => {
    for (const query of [...everyQuery(NEW), ...everyQuery(OLD)]) {
      for (const match of query.matchAll(/first: (\d+)/g)) {
        expect(Number(match[1])).toBeLessThanOrEqual(100);
      }
      expect(
        estimateComplexity(query, { first: NOTES_BATCH_SIZE }),
      ).toBeLessThanOrEqual(250);
    }
  });
});
