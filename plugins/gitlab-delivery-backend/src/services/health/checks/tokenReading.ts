import { InstanceTokenSource } from '@delivery-insights/plugin-gitlab-delivery-common';
import { DateTime } from 'luxon';
import { GitlabInstanceConfig } from '../../../config/readDeliveryConfig';
import { GitlabClient } from '../../../gitlab/GitlabClient';
import { GitlabError } from '../../../gitlab/GitlabError';
import {
  Answer,
  ask,
  failed,
  field,
  isBlockedUser,
  isInsufficientScope,
} from './gitlabAnswers';

/** What GitLab says about the credential in use; never the credential itself. @internal */
export interface TokenReading {
  credential: 'token' | 'oauth' | 'none';
  /** Which credential is in use. */
  source: InstanceTokenSource;
  state: 'valid' | 'rejected' | 'blocked' | 'missing' | 'failed';
  /** Why GitLab rejected the token (401). */
  rejection?: 'expired' | 'revoked' | 'unknown';
  /** The error that stopped the reading (network, 5xx, …), already without secrets. */
  failure?: GitlabError;
  /** Whether `/personal_access_tokens/self` described the token (GitLab 15.5+). */
  introspected: boolean;
  name: string | null;
  scopes: string[] | null;
  /** Whether the token may read the API (read_api or api); null when unknown. */
  canReadApi: boolean | null;
  expiresAt: string | null;
  user: { id: number; username: string } | null;
  /** Every answer read, latest last, for the rate-limit headers. */
  answers: Answer[];
}

function rejectionOf(answer: Answer): TokenReading['rejection'] {
  const description = String(field(answer, 'error_description') ?? '');
  if (/expired/i.test(description)) return 'expired';
  if (/revoked/i.test(description)) return 'revoked';
  return 'unknown';
}

/** GitLab's expiry date (`2027-01-31`): the token stops working at midnight UTC that day. */
function expiryOf(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = DateTime.fromISO(value, { zone: 'utc' });
  return date.isValid ? date.toISO() : null;
}

/**
 * Which credential a host's client uses: a connected token wins over the
 * integration's token, which wins over a configured refresh token.
 * @internal
 */
export function tokenSourceOf(
  instance: GitlabInstanceConfig,
  connected: boolean,
): InstanceTokenSource {
  if (instance.oauth && connected) return 'connected';
  if (instance.token) return 'token';
  if (instance.oauth?.refreshToken) return 'refresh_token';
  return 'none';
}

/**
 * Asks GitLab about the token in use: for a token
 * `/personal_access_tokens/self` (15.5+) for its name, scopes and expiry,
 * for an OAuth token `/oauth/token/info` for its scopes and expiry; `/user`
 * for the user it acts as, and, where the scopes stay unknown, one project
 * list request that needs read_api. Three requests at most.
 * @internal
 */
export async function readToken(
  client: GitlabClient,
  source: InstanceTokenSource,
  now: DateTime,
): Promise<TokenReading> {
  const credentials = {
    connected: 'oauth',
    refresh_token: 'oauth',
    token: 'token',
    none: 'none',
  } as const;
  const reading: TokenReading = {
    credential: credentials[source],
    source,
    state: 'missing',
    introspected: false,
    name: null,
    scopes: null,
    canReadApi: null,
    expiresAt: null,
    user: null,
    answers: [],
  };
  if (reading.credential === 'none') return reading;

  const settle = (answer: Answer): boolean => {
    reading.answers.push(answer);
    if (failed(answer)) {
      reading.state = 'failed';
      reading.failure = answer;
    } else if (answer.status === 401) {
      reading.state = 'rejected';
      reading.rejection = rejectionOf(answer);
    } else if (isBlockedUser(answer)) {
      reading.state = 'blocked';
    } else {
      return false;
    }
    return true;
  };

  // OAuth access tokens are not personal access tokens: GitLab answers 400.
  if (reading.credential === 'token') {
    const self = await ask(client, 'personal_access_tokens/self');
    if (settle(self)) return reading;
    const scopes = field(self, 'scopes');
    if (!failed(self) && self.status === 200 && Array.isArray(scopes)) {
      reading.introspected = true;
      reading.name = String(field(self, 'name') ?? '') || null;
      reading.scopes = scopes.map(String);
      reading.expiresAt = expiryOf(field(self, 'expires_at'));
      if (field(self, 'revoked') === true) {
        reading.state = 'rejected';
        reading.rejection = 'revoked';
        return reading;
      }
      if (field(self, 'active') === false) {
        reading.state = 'rejected';
        reading.rejection = 'expired';
        return reading;
      }
    }
  }

  // GitLab's Oauth::TokenInfoController (app/controllers/oauth/
  // token_info_controller.rb): Doorkeeper's token as_json, with `scope` (a
  // list) and `expires_in` seconds, and the older `scopes` beside them.
  if (reading.credential === 'oauth') {
    let info: Answer;
    try {
      info = await client.oauthTokenInfo();
    } catch (error) {
      if (!(error instanceof GitlabError)) throw error;
      info = error;
    }
    if (settle(info)) return reading;
    const scopes = field(info, 'scope') ?? field(info, 'scopes');
    const expiresIn = field(info, 'expires_in');
    if (!failed(info) && info.status === 200 && Array.isArray(scopes)) {
      reading.scopes = scopes.map(String);
      if (typeof expiresIn === 'number') {
        reading.expiresAt = now.plus({ seconds: expiresIn }).toUTC().toISO();
      }
    }
  }

  const user = await ask(client, 'user');
  if (settle(user)) return reading;
  reading.state = 'valid';
  const id = field(user, 'id');
  const username = field(user, 'username');
  if (typeof id === 'number' && typeof username === 'string') {
    reading.user = { id, username };
  }
  if (reading.scopes) {
    reading.canReadApi =
      reading.scopes.includes('read_api') || reading.scopes.includes('api');
    return reading;
  }
  if (isInsufficientScope(user)) {
    // read_user is the least /user needs; without it there is no read_api.
    reading.canReadApi = false;
    return reading;
  }
  const probe = await ask(client, 'projects', {
    per_page: '1',
    simple: 'true',
    membership: 'true',
  });
  reading.answers.push(probe);
  if (!failed(probe)) {
    if (probe.status === 200) reading.canReadApi = true;
    else if (isInsufficientScope(probe)) reading.canReadApi = false;
  }
  return reading;
}
