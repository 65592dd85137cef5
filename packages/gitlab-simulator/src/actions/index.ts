import { mergeRequestJson, projectJson } from '../rest/json';
import type { SimulatorState } from '../state';
import type { Input } from './input';
import {
  changeState,
  createMergeRequest,
  deleteMergeRequest,
  mergeMergeRequest,
  editMergeRequest,
  type Affected,
} from './lifecycle';
import { createProject, moveProject } from './projects';
import { approve, comment, unapprove } from './review';
import { ACTION_NAMES, ActionError, type SimulatorAction } from './types';

export { ActionError, ACTION_NAMES } from './types';
export type { SimulatorAction } from './types';

/**
 * Applies one scenario step and answers with the affected merge request or project as the
 * REST API shows it. Throws ActionError for bad input.
 */
export function performAction(
  state: SimulatorState,
  action: SimulatorAction | Record<string, unknown>,
): Record<string, unknown> {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) {
    throw new ActionError(
      'An action must be a JSON object with an "action" field',
    );
  }
  const input = action as Input;
  const name = input.action;
  if (
    typeof name !== 'string' ||
    !(ACTION_NAMES as readonly string[]).includes(name)
  ) {
    throw new ActionError(
      `'action' must be one of ${ACTION_NAMES.join(', ')}; got ${JSON.stringify(
        name,
      )}`,
    );
  }
  state.jobs.runDue();
  const mrJson = ({ project, mr }: Affected) =>
    mergeRequestJson(state, project, mr, { single: true });
  switch (name) {
    case 'create':
      return mrJson(createMergeRequest(state, input));
    case 'update':
      return mrJson(editMergeRequest(state, input));
    case 'comment':
      return mrJson(comment(state, input));
    case 'approve':
      return mrJson(approve(state, input));
    case 'unapprove':
      return mrJson(unapprove(state, input));
    case 'merge':
      return mrJson(mergeMergeRequest(state, input));
    case 'close':
      return mrJson(changeState(state, input, 'closed'));
    case 'reopen':
      return mrJson(changeState(state, input, 'opened'));
    case 'delete':
      return mrJson(deleteMergeRequest(state, input));
    case 'move':
      return projectJson(state, moveProject(state, input), undefined);
    case 'createProject':
    default:
      return projectJson(state, createProject(state, input), undefined);
  }
}
