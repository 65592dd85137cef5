export {
  startSimulator,
  DEFAULT_APPROVAL_NOTE_DELAY_MS,
  DEFAULT_MERGED_AT_DELAY_MS,
} from './server';
export { ActionError, ACTION_NAMES } from './actions';
export type { SimulatorAction, ProjectRef } from './actions/types';
export { createClock } from './clock';
export { createRandom } from './random';
export type { Random } from './random';
export type { Clock } from './clock';
export { TOUCH_INTERVAL_MS } from './dataset/touch';
export { CONTROL_PREFIX } from './control/router';
export type { GitlabSimulator, SimulatorOptions } from './server';
export { generateDataset, FIXTURES } from './dataset/generate';
export { loadDataset } from './dataset/load';
export { DIFF_ENDPOINT_PATTERN, GRAPHQL_DIFF_FIELD_PATTERN } from './rest/code';
export type { Fault } from './http/faults';
export { closedPort } from './network/closedPort';
export { startHangingServer } from './network/hangingServer';
export type { HangingServer } from './network/hangingServer';
export { createTestCertificates } from './tls/testCertificates';
export type { KeyPair, TestCertificates } from './tls/testCertificates';
export type { RequestLogEntry } from './http/requestLog';
export { DEFAULT_VERSION, FEATURE_VERSIONS } from './version';
export type {
  AccessLevel,
  Dataset,
  DatasetApproval,
  DatasetGroup,
  DatasetIssue,
  DatasetMember,
  DatasetMergeRequest,
  DatasetNote,
  DatasetOAuthApplication,
  DatasetProject,
  DatasetRefreshToken,
  DatasetStateEvent,
  DatasetToken,
  DatasetUser,
  GenerateOptions,
} from './dataset/types';
