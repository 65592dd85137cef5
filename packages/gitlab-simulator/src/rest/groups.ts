import { Router, type Request, type Response } from 'express';
import {
  canSeeGroup,
  directMembers,
  effectiveGroupMembers,
  findGroup,
} from '../dataset/access';
import type { DatasetGroup, DatasetUser } from '../dataset/types';
import { sendJson, sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';
import { requireCaller } from './guards';
import { groupJson } from './json';
import { listMembers, oneMember, type SourceLoader } from './members';

/** `/groups/:id` and the group members endpoints. */
export function groupRoutes(state: SimulatorState): Router {
  const router = Router();

  const requireGroup = (
    req: Request,
    res: Response,
    user: DatasetUser | undefined,
  ): DatasetGroup | undefined => {
    const group = findGroup(state.data, req.params.id);
    if (!group || !canSeeGroup(state.data, group, user, state.now())) {
      sendMessage(res, 404, '404 Group Not Found');
      return undefined;
    }
    return group;
  };

  const loadMembers =
    (inherited: boolean): SourceLoader =>
    (req, res, user) => {
      const group = requireGroup(req, res, user);
      if (!group) {
        return undefined;
      }
      return inherited
        ? effectiveGroupMembers(state.data, group, state.now())
        : directMembers(group, 'group');
    };

  router.get('/groups/:id', (req, res) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const group = requireGroup(req, res, caller.user);
    if (group) {
      sendJson(res, 200, groupJson(state, group));
    }
  });
  router.get('/groups/:id/members/all', listMembers(state, loadMembers(true)));
  router.get(
    '/groups/:id/members/all/:userId',
    oneMember(state, loadMembers(true)),
  );
  router.get('/groups/:id/members', listMembers(state, loadMembers(false)));
  router.get(
    '/groups/:id/members/:userId',
    oneMember(state, loadMembers(false)),
  );

  return router;
}
