import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { toMillis } from '../../time';

/**
 * Formats times like GitLab's Types::TimeType (`value.iso8601`): whole seconds, so two changes
 * within the same second look alike over GraphQL while REST shows their milliseconds.
 */
export function graphqlTime(value: string | null | undefined): string | null {
  const ms = toMillis(value);
  return Number.isNaN(ms)
    ? null
    : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseTime(value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new GraphQLError(
      `${JSON.stringify(value)} is not a valid ISO 8601 time`,
    );
  }
  return ms;
}

export const TimeScalar = new GraphQLScalarType({
  name: 'Time',
  description: 'Time represented in ISO 8601.',
  serialize: value => graphqlTime(String(value)),
  parseValue: value => parseTime(value),
  parseLiteral: ast => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Time must be a string');
    }
    return parseTime(ast.value);
  },
});

/** A global id scalar (`NoteID`, `SystemNoteMetadataID`, …), a string on the wire. */
export function globalIdScalar(name: string): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    serialize: value => String(value),
    parseValue: value => String(value),
    parseLiteral: ast => (ast.kind === Kind.STRING ? ast.value : undefined),
  });
}
