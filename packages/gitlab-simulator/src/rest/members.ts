import type { Request, Response } from 'express';
import type { EffectiveMember } from '../dataset/access';
import type { DatasetUser } from '../dataset/types';
import { paginate } from '../http/pagination';
import { sendJson, sendMessage } from '../http/respond';
import type { SimulatorState } from '../state';
import { requireCaller } from './guards';
import { memberJson } from './json';
import { arrayParam, stringParam } from './params';

/** Loads the group or project of `:id` for the caller, or sends the 404 and returns undefined. */
export type SourceLoader = (
  req: Request,
  res: Response,
  user: DatasetUser | undefined,
) => EffectiveMember[] | undefined;

/** `GET …/members` and `GET …/members/all`: paginated, filtered by `query` and `user_ids`. */
export function listMembers(state: SimulatorState, load: SourceLoader) {
  return (req: Request, res: Response) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    let members = load(req, res, caller.user);
    if (!members) {
      return;
    }
    const query = stringParam(req, 'query')?.toLowerCase();
    if (query) {
      members = members.filter(m => {
        const user = state.data.users.find(u => u.id === m.userId);
        return Boolean(
          user &&
            (user.username.toLowerCase().includes(query) ||
              user.name.toLowerCase().includes(query)),
        );
      });
    }
    const userIds = arrayParam(req, 'user_ids').map(Number);
    if (userIds.length) {
      members = members.filter(m => userIds.includes(m.userId));
    }
    const page = paginate(req, res, members, state.baseUrl);
    if (page) {
      sendJson(
        res,
        200,
        page.map(m => memberJson(state, m)),
      );
    }
  };
}

/** `GET …/members/:user_id` and `GET …/members/all/:user_id`. */
export function oneMember(state: SimulatorState, load: SourceLoader) {
  return (req: Request, res: Response) => {
    const caller = requireCaller(res, { anonymous: true });
    if (!caller) {
      return;
    }
    const members = load(req, res, caller.user);
    if (!members) {
      return;
    }
    const userId = Number(req.params.userId);
    const member = members.find(m => m.userId === userId);
    if (!member) {
      sendMessage(res, 404, '404 Not found');
      return;
    }
    sendJson(res, 200, memberJson(state, member));
  };
}
