/** A project given by full path or numeric id. */
export type ProjectRef = string | number;

/** The scenario steps `POST /-/simulator/actions` and `sim.act()` accept. */
export type SimulatorAction =
  | {
      action: 'create';
      project: ProjectRef;
      author: string;
      title: string;
      sourceBranch?: string;
      targetBranch?: string;
      description?: string;
      labels?: string[];
      additions?: number;
      deletions?: number;
      fileCount?: number;
      /** Backdates the merge request (created and updated then). */
      createdAt?: string;
    }
  | {
      action: 'update';
      project: ProjectRef;
      iid: number;
      title?: string;
      description?: string;
      labels?: string[];
      draft?: boolean;
      /** Sets `updated_at` to this time instead of now (a late commit, a skewed clock). */
      updatedAt?: string;
    }
  | {
      action: 'comment';
      project: ProjectRef;
      iid: number;
      user: string;
      body: string;
      internal?: boolean;
    }
  | {
      action: 'approve' | 'unapprove';
      project: ProjectRef;
      iid: number;
      user: string;
    }
  | {
      action: 'merge';
      project: ProjectRef;
      iid: number;
      user: string;
      /** Overrides the simulator's `mergedAtDelayMs` for this merge. */
      mergedAtDelaySeconds?: number;
    }
  | {
      action: 'close' | 'reopen';
      project: ProjectRef;
      iid: number;
      user: string;
    }
  | { action: 'delete'; project: ProjectRef; iid: number }
  | { action: 'move'; project: ProjectRef; to: string }
  | {
      action: 'createProject';
      path: string;
      name?: string;
      visibility?: 'private' | 'internal' | 'public';
      members?: Array<{ username: string; accessLevel: number }>;
    };

/** The names of the actions. */
export const ACTION_NAMES = [
  'create',
  'update',
  'comment',
  'approve',
  'unapprove',
  'merge',
  'close',
  'reopen',
  'delete',
  'move',
  'createProject',
] as const;

/** Bad input to an action; the control API answers it with a 400. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}
