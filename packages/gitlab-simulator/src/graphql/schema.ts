import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { createResolvers } from './resolvers';
import { schemaSdl } from './sdl';

/** Builds the executable schema for a simulated GitLab version. */
export function buildSchema(version: string): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: schemaSdl(version),
    resolvers: createResolvers(),
    // Version-gated fields have resolvers even when the SDL of an older version omits them.
    resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
  });
}
