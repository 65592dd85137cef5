import {
  EntityHealthResponse,
  HealthCheck,
  HealthStatus,
  InstanceHealth,
  ProjectHealth,
} from '@delivery-insights/plugin-gitlab-delivery-common';

const CHECKED_AT = '2025-01-31T10:00:00.000Z';

export function createCheck(overrides: Partial<HealthCheck> = {}): HealthCheck {
  return {
    id: 'project.resolves',
    status: 'ok',
    message: 'The project acme/shop was found.',
    checkedAt: CHECKED_AT,
    ...overrides,
  };
}

export function createProjectHealth(
  overrides: Partial<ProjectHealth> = {},
): ProjectHealth {
  return {
    host: 'gitlab.com',
    path: 'acme/shop',
    projectId: 101,
    webUrl: 'https://gitlab.com/acme/shop',
    status: 'ok',
    autoSync: true,
    lastAttemptAt: '2025-01-31T09:45:00.000Z',
    lastSuccessAt: '2025-01-31T09:45:00.000Z',
    mergeRequestCount: 321,
    lastErrorCode: null,
    lastErrorMessage: null,
    remediation: null,
    checks: [createCheck()],
    ...overrides,
  };
}

export function createInstanceHealth(
  overrides: Partial<InstanceHealth> = {},
): InstanceHealth {
  return {
    host: 'gitlab.com',
    apiBaseUrl: 'https://gitlab.com/api/v4',
    version: '17.8.1',
    tokenName: 'backstage-delivery',
    tokenScopes: ['read_api'],
    tokenExpiresAt: '2025-06-30T00:00:00.000Z',
    rateLimit: { limit: 2000, remaining: 1500 },
    checks: [
      createCheck({
        id: 'token.valid',
        message: 'The token is valid.',
      }),
    ],
    ...overrides,
  };
}

export function createEntityHealth(
  overrides: Partial<EntityHealthResponse> = {},
): EntityHealthResponse {
  return {
    entityRef: 'component:default/shop',
    warnings: [],
    projects: [createProjectHealth()],
    instances: [createInstanceHealth()],
    ...overrides,
  };
}

/** A project whose single check has the given status, with a matching message. */
export function projectWithStatus(status: HealthStatus): ProjectHealth {
  const messages: Record<HealthStatus, Partial<HealthCheck>> = {
    ok: { message: 'The project acme/shop was found.' },
    warning: {
      id: 'project.sync',
      message: 'The last successful sync was 2 hours ago.',
      remediation: 'Check the backend logs for failed sync runs.',
    },
    error: {
      id: 'project.resolves',
      message: 'GitLab answered 404 for acme/Shop.',
      remediation: 'Use the exact full path, which is case-sensitive.',
      cause: 'wrong_path',
      suggestedPath: 'acme/shop',
    },
    skipped: {
      id: 'project.merge_requests',
      message: 'Skipped because the project could not be resolved.',
    },
  };
  return createProjectHealth({
    status,
    lastErrorMessage:
      status === 'error' ? 'GitLab answered 404 Project Not Found' : null,
    remediation:
      status === 'error'
        ? 'Correct the gitlab.com/project-slug annotation to acme/shop.'
        : null,
    checks: [createCheck({ status, ...messages[status] })],
  });
}
