import { revisionFor } from '../../version';
import type { GraphqlContext } from './context';
import { labelResolvers, mergeRequestResolvers } from './mergeRequest';
import {
  noteResolvers,
  systemNoteMetadataResolvers,
  userResolvers,
} from './note';
import { groupQueries, groupResolvers } from './group';
import { issueResolvers } from './issue';
import { projectQueries, projectResolvers } from './project';
import { globalIdScalar, TimeScalar } from './scalars';

export type { GraphqlContext } from './context';
export { graphqlTime } from './scalars';

/** Resolvers for the SDL in sdl.ts. */
export function createResolvers() {
  return {
    Time: TimeScalar,
    NoteID: globalIdScalar('NoteID'),
    SystemNoteMetadataID: globalIdScalar('SystemNoteMetadataID'),
    Query: {
      currentUser: (_: unknown, __: unknown, ctx: GraphqlContext) =>
        ctx.user ?? null,
      metadata: (_: unknown, __: unknown, ctx: GraphqlContext) => ({
        version: ctx.state.version,
        revision: revisionFor(ctx.state.version),
        kas: { enabled: false, externalUrl: null, version: null },
      }),
      ...projectQueries,
      ...groupQueries,
      queryComplexity: (_: unknown, __: unknown, ctx: GraphqlContext) =>
        ctx.complexity ?? null,
    },
    Project: projectResolvers,
    Group: groupResolvers,
    Issue: issueResolvers,
    MergeRequest: mergeRequestResolvers,
    Note: noteResolvers,
    SystemNoteMetadata: systemNoteMetadataResolvers,
    Label: labelResolvers,
    UserCore: userResolvers,
  };
}
