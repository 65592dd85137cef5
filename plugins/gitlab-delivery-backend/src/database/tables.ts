/**
 * The plugin's tables, named once. Times are epoch milliseconds (bigint), so
 * durations are plain subtraction on SQLite and PostgreSQL; PostgreSQL returns
 * bigints as strings, hence `Millis`.
 */

/** @internal */
export const PROJECTS = 'gitlab_delivery_projects';
/** @internal */
export const ENTITIES = 'gitlab_delivery_entities';
/** @internal */
export const ENTITY_PROJECTS = 'gitlab_delivery_entity_projects';
/** @internal */
export const MERGE_REQUESTS = 'gitlab_delivery_merge_requests';
/** @internal */
export const MERGE_REQUEST_TICKETS = 'gitlab_delivery_merge_request_tickets';
/** @internal */
export const CURSORS = 'gitlab_delivery_cursors';
/** @internal */
export const SYNC_RUNS = 'gitlab_delivery_sync_runs';
/** @internal */
export const SYNC_REQUESTS = 'gitlab_delivery_sync_requests';
/** @internal */
export const INSTANCE_HEALTH = 'gitlab_delivery_instance_health';
/** @internal */
export const INSTANCE_CHECKS = 'gitlab_delivery_instance_checks';
/** @internal */
export const PROJECT_CHECKS = 'gitlab_delivery_project_checks';
/** @internal */
export const OAUTH_TOKENS = 'gitlab_delivery_oauth_tokens';
/** @internal */
export const OAUTH_CONNECTIONS = 'gitlab_delivery_oauth_connections';
/** @internal */
export const OAUTH_STATES = 'gitlab_delivery_oauth_states';
/** @internal */
export const REQUEST_COOLDOWNS = 'gitlab_delivery_request_cooldowns';
/** @internal */
export const HEALTH_REQUESTS = 'gitlab_delivery_health_requests';

/** A time column as read back. @internal */
export type Millis = string | number;

/** A row of {@link PROJECTS}. @internal */
export interface ProjectRow {
  host: string;
  project_key: string;
  project_id: number | null;
  path: string | null;
  web_url: string | null;
  auto_sync: boolean | number;
  auto_sync_changed_by?: string | null;
  auto_sync_changed_at?: Millis | null;
  last_attempt_at: Millis | null;
  last_success_at: Millis | null;
  merge_request_count: number;
  last_error_code: string | null;
  last_error_message: string | null;
  unreferenced_at?: Millis | null;
}

/** A row of {@link MERGE_REQUESTS}. @internal */
export interface MergeRequestRow {
  host: string;
  project_id: number;
  iid: number;
  id: number | string;
  project_path: string;
  title: string;
  description?: string | null;
  state: string;
  draft: boolean | number;
  created_at: Millis;
  updated_at: Millis;
  merged_at: Millis | null;
  closed_at: Millis | null;
  first_approved_at: Millis | null;
  first_comment_at: Millis | null;
  author: string;
  merge_user: string | null;
  source_branch: string;
  target_branch: string;
  labels: string;
  files_changed: number | null;
  lines_added: number | null;
  lines_deleted: number | null;
  related_tickets: string;
  web_url: string;
  list_digest?: string | null;
  recheck?: boolean | number;
  // Derived when written, for the metrics: durations in milliseconds.
  time_to_merge_ms: number | null;
  time_to_first_comment_ms: number | null;
  time_to_approve_ms: number | null;
  approved_without_comment: boolean | number;
  lines_changed: number | null;
  change_kind: string;
}

/**
 * A row of {@link MERGE_REQUEST_TICKETS}: one MR's reference to one ticket,
 * with the MR's merge time and author so that the metrics count tickets from
 * this table alone.
 * @internal
 */
export interface MergeRequestTicketRow {
  host: string;
  project_id: number;
  iid: number;
  /** What tells the ticket apart from others (see ticketIdentity). */
  ticket: string;
  kind: string;
  key: string;
  title: string | null;
  url: string | null;
  relation: string | null;
  closes: boolean | number;
  merged_at: Millis | null;
  author: string;
}

/** A row of {@link CURSORS}. @internal */
export interface CursorRow {
  host: string;
  project_id: number;
  updated_at: Millis | null;
  read_at: Millis | null;
  reconciled_at: Millis | null;
  backfill_total: number | null;
  backfill_started_at: Millis | null;
}

/** A health check as a row of the instance or project checks table. @internal */
export interface CheckRow {
  check_id: string;
  status: string;
  message: string;
  remediation: string | null;
  cause?: string | null;
  suggested_path?: string | null;
  checked_at: Millis;
}

/** A row of {@link INSTANCE_HEALTH}. @internal */
export interface InstanceHealthRow {
  host: string;
  version: string | null;
  token_name: string | null;
  token_scopes: string;
  token_expires_at: Millis | null;
  token_user_id: number | null;
  token_username: string | null;
  rate_limit_limit: number | null;
  rate_limit_remaining: number | null;
  checked_at: Millis;
}

/** A row of {@link OAUTH_TOKENS}: the refresh token, encrypted. @internal */
export interface OAuthTokenRow {
  host: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
  configured_fingerprint: string;
  rotated_at: Millis;
}

/** A row of {@link OAUTH_CONNECTIONS}: access and refresh token, sealed together. @internal */
export interface OAuthConnectionRow {
  host: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
  expires_at: Millis;
  /** JSON of the granted scopes. */
  scopes: string;
  connected_by: string;
  connected_at: Millis;
  rotated_at: Millis;
}

/** A row of {@link OAUTH_STATES}: the PKCE verifier, sealed. @internal */
export interface OAuthStateRow {
  state_hash: string;
  host: string;
  user_entity_ref: string;
  nonce_hash: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
  expires_at: Millis;
}

/** A row of {@link HEALTH_REQUESTS}. @internal */
export interface HealthRequestRow {
  id: number | string;
  entity_ref: string | null;
  /** JSON of ProjectKey[]; null for every project. */
  projects: string | null;
  /** JSON of the hosts to check. */
  hosts: string;
  requested_at: Millis;
}
