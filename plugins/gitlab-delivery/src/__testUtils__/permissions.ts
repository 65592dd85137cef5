import { MockPermissionApi } from '@backstage/test-utils';

export function allowingPermissionApi() {
  return new MockPermissionApi(() => 'ALLOW');
}

export function denyingPermissionApi() {
  return new MockPermissionApi(() => 'DENY');
}
