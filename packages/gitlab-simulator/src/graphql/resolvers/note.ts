import { findUser } from '../../dataset/access';
import type { DatasetUser } from '../../dataset/types';
import { fakeSha } from '../../rest/json';
import { gid, webBase, type GraphqlContext, type NoteNode } from './context';

/** Resolvers of `Note`. */
export const noteResolvers = {
  author: ({ note }: NoteNode, _: unknown, ctx: GraphqlContext) =>
    findUser(ctx.state.data, note.authorId) ?? null,
  body: ({ note }: NoteNode) => note.body,
  confidential: ({ note }: NoteNode) => note.internal,
  internal: ({ note }: NoteNode) => note.internal,
  createdAt: ({ note }: NoteNode) => note.createdAt,
  id: ({ note }: NoteNode) => gid('Note', note.id),
  resolvable: () => false,
  resolved: () => false,
  system: ({ note }: NoteNode) => note.system,
  systemNoteIconName: ({ note }: NoteNode) => note.systemNoteIconName,
  // Types::Notes::NoteType: the metadata of system notes that have it, null otherwise.
  systemNoteMetadata: ({ note }: NoteNode) =>
    note.system && note.action ? { id: note.id, action: note.action } : null,
  updatedAt: ({ note }: NoteNode) => note.updatedAt,
  url: ({ project, mr, note }: NoteNode, _: unknown, ctx: GraphqlContext) =>
    `${webBase(ctx.state)}/${project.path}/-/merge_requests/${mr.iid}#note_${
      note.id
    }`,
};

/** Resolvers of `SystemNoteMetadata`. */
export const systemNoteMetadataResolvers = {
  id: ({ id }: { id: number }) => gid('SystemNoteMetadata', id),
  action: ({ action }: { action: string }) => action,
};

/** Resolvers of `UserCore`. */
export const userResolvers = {
  avatarUrl: (user: DatasetUser) =>
    `https://www.gravatar.com/avatar/${fakeSha(user.username).slice(
      0,
      32,
    )}?s=80&d=identicon`,
  bot: (user: DatasetUser) => user.bot ?? false,
  id: (user: DatasetUser) => gid('User', user.id),
  name: (user: DatasetUser) => user.name,
  publicEmail: () => null,
  state: (user: DatasetUser) => user.state ?? 'active',
  username: (user: DatasetUser) => user.username,
  webPath: (user: DatasetUser) => `/${user.username}`,
  webUrl: (user: DatasetUser, _: unknown, ctx: GraphqlContext) =>
    `${webBase(ctx.state)}/${user.username}`,
};
