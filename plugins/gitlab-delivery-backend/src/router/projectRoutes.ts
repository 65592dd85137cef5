import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitlabDeliveryConnectionManagePermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ProjectService } from '../services/projects/types';
import {
  autoSyncBody,
  hostParams,
  noQuery,
  parseInput,
  projectParams,
  projectsQuery,
} from './validation';

/**
 * The routes that find GitLab projects and pause or resume their scheduled
 * sync, all behind gitlab-delivery.connection.manage. Auto-sync changes are
 * recorded against a user, so only users may make them.
 * @internal
 */
export function projectRoutes(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  projects: ProjectService;
}): express.Router {
  const { httpAuth, permissions, projects } = options;
  const router = Router();

  async function requireManage(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: gitlabDeliveryConnectionManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission ${gitlabDeliveryConnectionManagePermission.name} is required`,
      );
    }
  }

  router.get('/instances/:host/projects', async (req: Request, res) => {
    const { host } = parseInput(hostParams, req.params);
    const query = parseInput(projectsQuery, req.query);
    await requireManage(await httpAuth.credentials(req));
    res.json(await projects.listProjects({ host, ...query }));
  });

  router.post(
    '/projects/:host/:projectId/auto-sync',
    async (req: Request, res) => {
      const { host, projectId } = parseInput(projectParams, req.params);
      parseInput(noQuery, req.query);
      const { enabled } = parseInput(autoSyncBody, req.body ?? {});
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      await requireManage(credentials);
      res.json(
        await projects.setAutoSync({ host, projectId, enabled, credentials }),
      );
    },
  );

  return router;
}
