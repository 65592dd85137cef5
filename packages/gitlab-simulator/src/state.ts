import type { Clock } from './clock';
import type { Dataset } from './dataset/types';
import type { JobQueue } from './jobs';
import type { Random } from './random';
import type { ReplicaLag } from './replica';

/** An OAuth access token issued by `POST /oauth/token`. */
export interface IssuedAccessToken {
  token: string;
  userId: number;
  scopes: string[];
  applicationName: string;
  clientId: string;
  createdAtMs: number;
  expiresAtMs: number;
  /** The refresh token issued with it. */
  refreshToken?: string;
  revoked?: boolean;
}

/** An authorization code issued by `/oauth/authorize`, waiting to be exchanged. */
export interface AuthorizationGrant {
  code: string;
  clientId: string;
  userId: number;
  scopes: string[];
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAtMs: number;
  /** Set once exchanged: codes are single-use. */
  usedFor?: string;
}

/** Timing of the work GitLab does after a change has been committed. */
export interface Timings {
  /** Delay between the `merged` state and `merged_at` being written (PostMergeService). */
  mergedAtDelayMs: number;
  /** Delay before the approval system note is written (CreateApprovalNoteWorker). */
  approvalNoteDelayMs: number;
}

/** The mutable server state shared by all handlers. */
export interface SimulatorState {
  data: Dataset;
  version: string;
  /** External URL used in web_url fields and Link headers. */
  baseUrl: string;
  random: Random;
  accessTokens: Map<string, IssuedAccessToken>;
  grants: Map<string, AuthorizationGrant>;
  clock: Clock;
  /** Current time; tokens and memberships expire against it. */
  now(): number;
  jobs: JobQueue;
  timings: Timings;
  replica: ReplicaLag;
}
