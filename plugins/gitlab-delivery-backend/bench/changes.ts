/** GitLab-like changes to a share of the MRs, through the simulator's actions. */
import {
  ActionError,
  GitlabSimulator,
  SimulatorAction,
} from '@delivery-insights/gitlab-simulator';

const ACTIONS = ['update', 'comment', 'approve'] as const;

/**
 * Edits a title, comments on or approves `share` of the MRs, spread evenly
 * over the projects and over each project's history, and lets the clock run
 * past GitLab's touch throttle and the approval notes' delay. Returns the
 * number of MRs changed by action.
 */
export function changeMergeRequests(
  sim: GitlabSimulator,
  share: number,
): Record<string, number> {
  // Past the newest generated change, so every touch moves updated_at.
  sim.advance(5 * 60_000);
  const projects = sim.data.projects.filter(p => p.mergeRequests.length > 0);
  const total = projects.reduce((n, p) => n + p.mergeRequests.length, 0);
  const wanted = Math.max(projects.length, Math.round(total * share));
  const users = sim.data.users.filter(u => !u.bot && u.state !== 'blocked');
  const done: Record<string, number> = {};
  for (let k = 0; k < wanted; k++) {
    const project = projects[k % projects.length];
    const perProject = Math.ceil(wanted / projects.length);
    const slot = Math.floor(k / projects.length);
    const mr =
      project.mergeRequests[
        Math.floor(((slot + 0.5) * project.mergeRequests.length) / perProject)
      ];
    const action = ACTIONS[k % ACTIONS.length];
    const base = { project: project.path, iid: mr.iid };
    const rotated = users.map((_, i) => users[(i + k) % users.length].username);
    const comments: SimulatorAction[] = rotated.map(user => ({
      action: 'comment',
      ...base,
      user,
      body: 'Looks good to me',
    }));
    const candidates: Record<typeof action, SimulatorAction[]> = {
      update: [{ action: 'update', ...base, title: `${mr.title} (edited)` }],
      comment: comments,
      // An MR every member already approved gets a comment instead.
      approve: [
        ...rotated.map(user => ({ action: 'approve' as const, ...base, user })),
        ...comments,
      ],
    };
    const applied = tryAct(sim, candidates[action]);
    if (applied) done[applied] = (done[applied] ?? 0) + 1;
  }
  // Approval notes come a second later; each touches its MR.
  sim.advance(2 * 60_000);
  return done;
}

/** Applies the first action GitLab accepts (a user may not see the project, or be the author); returns its name. */
function tryAct(
  sim: GitlabSimulator,
  actions: SimulatorAction[],
): string | undefined {
  for (const action of actions) {
    try {
      sim.act(action);
      return action.action;
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
    }
  }
  return undefined;
}
