import { hasFeature } from '../../version';

/** `Note`, and from 15.7 its `systemNoteMetadata` (Types::Notes::SystemNoteMetadataType). */
export function noteSdl(version: string): string {
  const metadata = hasFeature(version, 'graphqlSystemNoteMetadata');
  return `
type Note {
  author: UserCore
  body: String!
  confidential: Boolean
  createdAt: Time!
  id: NoteID!
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
