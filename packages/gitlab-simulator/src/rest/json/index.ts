export * from './common';
export * from './users';
export * from './projects';
export * from './mergeRequests';
export * from './notes';
