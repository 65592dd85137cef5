import type { Request } from 'express';
import { findUser } from '../dataset/access';
import type { DatasetToken, DatasetUser } from '../dataset/types';
import type { SimulatorState } from '../state';
import { isExpired } from '../time';

/** The caller behind a valid token. */
export interface Identity {
  user: DatasetUser;
  scopes: string[];
  tokenName: string;
  /** The personal access token, when the caller used one. */
  personalToken?: DatasetToken;
}

/** Outcome of reading the credentials of a request. */
export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'ok'; identity: Identity }
  | {
      kind: 'invalid';
      tokenName?: string;
      reason: 'unknown' | 'expired' | 'revoked';
    }
  | { kind: 'blocked'; tokenName: string };

/** Scopes that grant read access to the API. */
export const READ_API_SCOPES = ['api', 'read_api'];
/** Scopes that grant access to the current user's own details. */
export const READ_USER_SCOPES = ['api', 'read_api', 'read_user'];

/** The token a request carries: `PRIVATE-TOKEN`, `Authorization: Bearer`, or the query parameters GitLab accepts. */
export function extractToken(req: Request): string | undefined {
  const privateToken = req.header('private-token');
  if (privateToken) {
    return privateToken.trim();
  }
  const authorization = req.header('authorization');
  if (authorization) {
    const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) {
      return match[1].trim();
    }
  }
  const fromQuery = req.query.private_token ?? req.query.access_token;
  return typeof fromQuery === 'string' && fromQuery ? fromQuery : undefined;
}

/** Resolves a token to an identity (personal access tokens and OAuth access tokens). */
export function authenticate(
  state: SimulatorState,
  token: string | undefined,
): AuthResult {
  if (!token) {
    return { kind: 'anonymous' };
  }
  const nowMs = state.now();
  const personal = state.data.tokens.find(t => t.token === token);
  if (personal) {
    if (personal.revoked) {
      return { kind: 'invalid', tokenName: personal.name, reason: 'revoked' };
    }
    if (isExpired(personal.expiresAt, nowMs)) {
      return { kind: 'invalid', tokenName: personal.name, reason: 'expired' };
    }
    return resolveUser(
      state,
      personal.userId,
      personal.scopes,
      personal.name,
      personal,
    );
  }
  const issued = state.accessTokens.get(token);
  if (issued) {
    const tokenName = `oauth:${issued.applicationName}`;
    if (issued.revoked) {
      return { kind: 'invalid', tokenName, reason: 'revoked' };
    }
    if (issued.expiresAtMs <= nowMs) {
      return { kind: 'invalid', tokenName, reason: 'expired' };
    }
    return resolveUser(state, issued.userId, issued.scopes, tokenName);
  }
  return { kind: 'invalid', reason: 'unknown' };
}

/** True when the identity carries at least one of the scopes. */
export function hasAnyScope(
  identity: Identity,
  scopes: readonly string[],
): boolean {
  return identity.scopes.some(s => scopes.includes(s));
}

function resolveUser(
  state: SimulatorState,
  userId: number,
  scopes: string[],
  tokenName: string,
  personalToken?: DatasetToken,
): AuthResult {
  const user = findUser(state.data, userId);
  if (!user) {
    return { kind: 'invalid', tokenName, reason: 'unknown' };
  }
  if (user.state === 'blocked') {
    return { kind: 'blocked', tokenName };
  }
  return { kind: 'ok', identity: { user, scopes, tokenName, personalToken } };
}
