import { gitlabDeliveryConnectionManagePermission } from '@delivery-insights/plugin-gitlab-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ProjectService } from '../services/projects/types';
import { PermissionChecks } from './permissionChecks';
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
  checks: PermissionChecks;
  projects: ProjectService;
}): express.Router {
  const { checks, projects } = options;
  const router = Router();

  router.get('/instances/:host/projects', async (req: Request, res) => {
    const { host } = parseInput(hostParams, req.params);
    const query = parseInput(projectsQuery, req.query);
    await checks.authorize(req, gitlabDeliveryConnectionManagePermission);
    res.json(await projects.listProjects({ host, ...query }));
  });

  router.post(
    '/projects/:host/:projectId/auto-sync',
    async (req: Request, res) => {
      const { host, projectId } = parseInput(projectParams, req.params);
      parseInput(noQuery, req.query);
      const { enabled } = parseInput(autoSyncBody, req.body ?? {});
      const credentials = await checks.authorize(
        req,
        gitlabDeliveryConnectionManagePermission,
        ['user'],
      );
      res.json(
        await projects.setAutoSync({ host, projectId, enabled, credentials }),
      );
    },
  );

  return router;
}
