import { InputError } from '@backstage/errors';
import { PageKey } from '../../database/types';


/** The opaque cursor of a page key (base64url of its JSON). @internal */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(
    JSON.stringify([key.createdAt, key.host, key.projectId, key.iid]),
  ).toString('base64url');
}

/** The page key of a cursor; an InputError when it is not one this API issued. @internal */
export function decodeCursor(cursor: string): PageKey {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 4 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string' &&
    Number.isSafeInteger(value[2]) &&
    Number.isSafeInteger(value[3])
  ) {
    return {
      createdAt: value[0],
      host: value[1],
      projectId: value[2],
      iid: value[3],
    };
  }
  throw new InputError(
    'cursor is not valid; use the nextCursor of a previous page',
  );
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Orders page keys newest first, ties by host, project id and iid, descending. @internal */
export function comparePageKeys(a: PageKey, b: PageKey): number {
  return (
    b.createdAt - a.createdAt ||
    compareText(b.host, a.host) ||
    b.projectId - a.projectId ||
    b.iid - a.iid
  );
}
