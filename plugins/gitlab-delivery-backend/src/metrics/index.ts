export { computeMetrics } from './computeMetrics';
export type { ComputeMetricsOptions } from './computeMetrics';
export { listMergeRequests, DEFAULT_PAGE_SIZE } from './listMergeRequests';
export type {
  ListMergeRequestsOptions,
  MergeRequestPage,
} from './listMergeRequests';
export type { DeliveryMetrics } from './MetricsAccumulator';
export type { ProjectRef } from './projects';
export {
  resolveWindow,
  previousWindow,
  DEFAULT_WINDOW,
  MAX_WINDOW,
} from './window';
export type { TimeWindow } from './window';
export { withTicketUrls } from './relatedTickets';
export { authorMatcher, excludedAuthors } from './excludeAuthors';
