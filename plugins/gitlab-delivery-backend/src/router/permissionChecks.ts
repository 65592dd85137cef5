import {
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/** The permission checks of the routes. @internal */
export interface PermissionChecks {
  /** Whether the caller holds the permission. */
  isAllowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean>;
  /**
   * The credentials of a caller who holds the permission, of one of the
   * `allow` principal types when given; throws NotAllowedError otherwise.
   */
  authorize<TAllowed extends keyof BackstagePrincipalTypes = 'unknown'>(
    req: Request,
    permission: BasicPermission,
    allow?: TAllowed[],
  ): Promise<BackstageCredentials<BackstagePrincipalTypes[TAllowed]>>;
}

/** Permission checks through the permissions service. @internal */
export function permissionChecks(
  httpAuth: HttpAuthService,
  permissions: PermissionsService,
): PermissionChecks {
  async function isAllowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }
  return {
    isAllowed,
    async authorize<TAllowed extends keyof BackstagePrincipalTypes>(
      req: Request,
      permission: BasicPermission,
      allow?: TAllowed[],
    ) {
      const credentials = await httpAuth.credentials<TAllowed>(req, { allow });
      if (!(await isAllowed(credentials, permission))) {
        throw new NotAllowedError(
          `The permission ${permission.name} is required`,
        );
      }
      return credentials;
    },
  };
}
