import { findProject } from '../dataset/routes';
import type {
  Dataset,
  DatasetMergeRequest,
  DatasetProject,
  DatasetUser,
} from '../dataset/types';
import { ActionError } from './types';

/** The raw action object, read field by field with clear errors. */
export type Input = Record<string, unknown>;

export function str(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ActionError(`'${field}' must be a non-empty string`);
  }
  return value;
}

export function optStr(input: Input, field: string): string | undefined {
  return input[field] === undefined ? undefined : str(input, field);
}

export function optText(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ActionError(`'${field}' must be a string`);
  }
  return value;
}

export function int(input: Input, field: string): number {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ActionError(`'${field}' must be a non-negative integer`);
  }
  return value;
}

export function optInt(input: Input, field: string): number | undefined {
  return input[field] === undefined ? undefined : int(input, field);
}

export function optNumber(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ActionError(`'${field}' must be a non-negative number`);
  }
  return value;
}

export function optBool(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new ActionError(`'${field}' must be true or false`);
  }
  return value;
}

export function optStrings(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new ActionError(`'${field}' must be an array of strings`);
  }
  return value as string[];
}

/** An ISO 8601 time, returned in milliseconds. */
export function optTime(input: Input, field: string): number | undefined {
  const value = optStr(input, field);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ActionError(
      `'${field}' must be an ISO 8601 time, got '${value}'`,
    );
  }
  return ms;
}

export function projectOf(data: Dataset, input: Input): DatasetProject {
  const ref = input.project;
  if (typeof ref !== 'number' && (typeof ref !== 'string' || ref === '')) {
    throw new ActionError(`'project' must be a project path or id`);
  }
  const project = findProject(data, ref);
  if (!project) {
    throw new ActionError(`No project '${ref}'`);
  }
  return project;
}

export function userOf(
  data: Dataset,
  input: Input,
  field: string,
): DatasetUser {
  const username = str(input, field);
  const lower = username.toLowerCase();
  const user =
    data.users.find(u => u.username === username) ??
    data.users.find(u => u.username.toLowerCase() === lower);
  if (!user) {
    throw new ActionError(`No user '${username}' ('${field}')`);
  }
  if (user.state === 'blocked') {
    throw new ActionError(`User '${username}' is blocked`);
  }
  return user;
}

export function mergeRequestOf(
  project: DatasetProject,
  input: Input,
): DatasetMergeRequest {
  const iid = int(input, 'iid');
  const mr = project.mergeRequests.find(m => m.iid === iid);
  if (!mr) {
    throw new ActionError(`No merge request !${iid} in '${project.path}'`);
  }
  return mr;
}
