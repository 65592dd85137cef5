/**
 * Shared types, annotations and permissions of the GitLab delivery plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
