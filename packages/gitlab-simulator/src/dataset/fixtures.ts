import { isoTime } from '../time';
import type { DatasetToken, DatasetUser } from './types';

const DAY = 24 * 60 * 60_000;

/** Tokens and users of the generated dataset that tests and the demo rely on. */
export const FIXTURES = {
  demoToken: 'glpat-demo-token',
  apiToken: 'glpat-api',
  expiredToken: 'glpat-expired',
  revokedToken: 'glpat-revoked',
  noScopeToken: 'glpat-noscope',
  outsiderToken: 'glpat-outsider',
  guestToken: 'glpat-guest',
  blockedToken: 'glpat-blocked',
  maintainerToken: 'glpat-maintainer',
  botUsername: 'backstage-bot',
  outsiderUsername: 'outsider',
  guestUsername: 'gary.guest',
  blockedUsername: 'former.employee',
  mergeRequestsDisabledProject: 'tools/docs-archive',
  oauthClientId: 'backstage-demo-app',
  oauthClientSecret: 'backstage-demo-secret',
  oauthRefreshToken: 'demo-refresh-token',
  oauthRedirectUri: 'http://localhost:7007/api/auth/gitlab/handler/frame',
} as const;

/** The fixture accounts the tokens belong to. */
export interface FixtureUsers {
  bot: DatasetUser;
  outsider: DatasetUser;
  guest: DatasetUser;
  blocked: DatasetUser;
  maintainer: DatasetUser;
}

/** The fixture tokens: valid, expired, revoked, scope-limited, and per fixture user. */
export function fixtureTokens(
  nowMs: number,
  users: FixtureUsers,
): DatasetToken[] {
  const { bot: backstageBot, outsider, guest, blocked, maintainer } = users;
  const tokenCreated = isoTime(nowMs - 30 * DAY);
  const expiredAt = Math.min(
    nowMs - 30 * DAY,
    Date.parse('2025-01-01T00:00:00Z'),
  );
  const token = (
    value: string,
    name: string,
    user: DatasetUser,
    scopes: string[],
    extra: Partial<DatasetToken> = {},
  ): DatasetToken => ({
    token: value,
    name,
    userId: user.id,
    scopes,
    expiresAt: null,
    revoked: false,
    createdAt: tokenCreated,
    ...extra,
  });
  return [
    token(FIXTURES.demoToken, 'backstage-demo', backstageBot, ['read_api']),
    token(FIXTURES.apiToken, 'backstage-api', backstageBot, ['api']),
    token(
      FIXTURES.expiredToken,
      'backstage-expired',
      backstageBot,
      ['read_api'],
      {
        createdAt: isoTime(expiredAt - 365 * DAY),
        expiresAt: isoTime(expiredAt).slice(0, 10),
      },
    ),
    token(
      FIXTURES.revokedToken,
      'backstage-revoked',
      backstageBot,
      ['read_api'],
      { revoked: true },
    ),
    token(FIXTURES.noScopeToken, 'backstage-read-user', backstageBot, [
      'read_user',
    ]),
    token(FIXTURES.outsiderToken, 'outsider', outsider, ['read_api']),
    token(FIXTURES.guestToken, 'guest', guest, ['read_api']),
    token(FIXTURES.blockedToken, 'former-employee', blocked, ['read_api']),
    token(FIXTURES.maintainerToken, 'maintainer', maintainer, [
      'api',
      'read_user',
    ]),
  ].map((t, index) => ({ ...t, id: index + 1 }));
}
