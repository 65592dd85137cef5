import type { Random } from './random';
import type { Dataset } from './dataset/types';

/** An OAuth access token issued by `POST /oauth/token`. */
export interface IssuedAccessToken {
  token: string;
  userId: number;
  scopes: string[];
  applicationName: string;
  clientId: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** The mutable server state shared by all handlers. */
export interface SimulatorState {
  data: Dataset;
  version: string;
  /** External URL used in web_url fields and Link headers. */
  baseUrl: string;
  random: Random;
  accessTokens: Map<string, IssuedAccessToken>;
  /** Current time; tokens and memberships expire against it. */
  now(): number;
}
