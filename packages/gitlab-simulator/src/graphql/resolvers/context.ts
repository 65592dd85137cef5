import type {
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
} from '../../dataset/types';
import type { DerivedNote } from '../../dataset/derive';
import type { SimulatorState } from '../../state';

/** Per-request GraphQL context. */
export interface GraphqlContext {
  state: SimulatorState;
  /** The caller, when authenticated with an API scope. */
  user?: DatasetUser;
  /** The request's complexity as GitLab computes it, and its limit (`Query.queryComplexity`). */
  complexity?: { score: number; limit: number };
}

export interface ProjectNode {
  project: DatasetProject;
}
export interface MergeRequestNode {
  project: DatasetProject;
  mr: DatasetMergeRequest;
}
export interface NoteNode extends MergeRequestNode {
  note: DerivedNote;
}
export interface LabelNode {
  project: DatasetProject;
  title: string;
}

export function webBase(state: SimulatorState): string {
  return state.baseUrl.replace(/\/$/, '');
}

/** A GitLab global id: `gid://gitlab/MergeRequest/42`. */
export function gid(type: string, id: number | string): string {
  return `gid://gitlab/${type}/${id}`;
}
