import { hasFeature } from '../../version';

/** `Note`, from 15.5 with `internal`, from 15.7 with `systemNoteMetadata` (Types::Notes::SystemNoteMetadataType). */
export function noteSdl(version: string): string {
  const metadata = hasFeature(version, 'graphqlSystemNoteMetadata');
  const internal = hasFeature(version, 'graphqlNoteInternal');
  return `
type Note {
  author: UserCore
  body: String!
  confidential: Boolean
  createdAt: Time!
  id: NoteID!${internal ? '\n  internal: Boolean' : ''}
  resolvable: Boolean!
  resolved: Boolean!
  system: Boolean!
  systemNoteIconName: String${
    metadata
      ? `
  """Metadata for the given note if it is a system note."""
  systemNoteMetadata: SystemNoteMetadata`
      : ''
  }
  updatedAt: Time!
  url: String
}
${
  metadata
    ? `
"""A \`SystemNoteMetadataID\` is a global ID. It is encoded as a string."""
scalar SystemNoteMetadataID

type SystemNoteMetadata {
  """System note metadata action."""
  action: String
  """Global ID of the specific system note metadata."""
  id: SystemNoteMetadataID!
}
`
    : ''
}`;
}
