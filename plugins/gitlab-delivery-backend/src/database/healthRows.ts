import {
  HealthCheck,
  HealthCheckId,
  HealthStatus,
  ProjectAccessCause,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import { CheckRow, InstanceHealthRow } from './tables';
import { InstanceHealthRecord } from './types';
import { fromMillis, toMillis } from './time';

/** A check as the columns both check tables share, plus cause and path for projects. @internal */
export function toCheckRow(check: HealthCheck, withCause: boolean) {
  return {
    check_id: check.id,
    status: check.status,
    message: check.message,
    remediation: check.remediation ?? null,
    ...(withCause && {
      cause: check.cause ?? null,
      suggested_path: check.suggestedPath ?? null,
    }),
    checked_at: toMillis(check.checkedAt),
  };
}

/** A check table row as a check; empty optional columns are left out. @internal */
export function fromCheckRow(row: CheckRow): HealthCheck {
  return {
    id: row.check_id as HealthCheckId,
    status: row.status as HealthStatus,
    message: row.message,
    ...(row.remediation && { remediation: row.remediation }),
    ...(row.cause && { cause: row.cause as ProjectAccessCause }),
    ...(row.suggested_path && { suggestedPath: row.suggested_path }),
    checkedAt: fromMillis(row.checked_at)!,
  };
}

/** The instance facts as a row. @internal */
export function toInstanceHealthRow(
  record: InstanceHealthRecord,
): InstanceHealthRow {
  return {
    host: record.host,
    version: record.version,
    token_name: record.tokenName,
    token_scopes: JSON.stringify(record.tokenScopes),
    token_expires_at: toMillis(record.tokenExpiresAt),
    token_user_id: record.tokenUserId,
    token_username: record.tokenUsername,
    rate_limit_limit: record.rateLimit?.limit ?? null,
    rate_limit_remaining: record.rateLimit?.remaining ?? null,
    checked_at: toMillis(record.checkedAt)!,
  };
}

/** A row of the instance health table and its checks as a record. @internal */
export function fromInstanceHealthRow(
  row: InstanceHealthRow,
  checks: HealthCheck[],
): InstanceHealthRecord {
  const limit = row.rate_limit_limit;
  const remaining = row.rate_limit_remaining;
  return {
    host: row.host,
    version: row.version,
    tokenName: row.token_name,
    tokenScopes: JSON.parse(row.token_scopes ?? '[]'),
    tokenExpiresAt: fromMillis(row.token_expires_at),
    tokenUserId: row.token_user_id === null ? null : Number(row.token_user_id),
    tokenUsername: row.token_username,
    rateLimit:
      limit === null || remaining === null
        ? null
        : { limit: Number(limit), remaining: Number(remaining) },
    checkedAt: fromMillis(row.checked_at)!,
    checks,
  };
}
