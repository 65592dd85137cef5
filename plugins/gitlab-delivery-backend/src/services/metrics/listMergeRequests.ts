import { InputError } from '@backstage/errors';
import {
  MergeRequestItem,
  MergeRequestStateFilter,
} from '@delivery-insights/plugin-gitlab-delivery-common';
import {
  MergeRequestReader,
  MergeRequestRecord,
  ProjectRef,
} from '../../database/types';
import { timeToMergeMillis } from './calc/durations';
import { withTicketUrls } from './calc/relatedTickets';
import { sizeBucket } from './calc/sizeBucket';
import { comparePageKeys, decodeCursor, encodeCursor } from './cursor';

/** What {@link listMergeRequests} needs to know. @internal */
export interface ListMergeRequestsOptions {
  projects: ProjectRef[];
  state?: MergeRequestStateFilter;
  /** 1..100; default 25. */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
  includeDescription?: boolean;
  jiraBaseUrl?: string;
}

/** One page of MRs. @internal */
export interface MergeRequestPage {
  items: MergeRequestItem[];
  nextCursor: string | null;
}

/** The default page size of {@link listMergeRequests}. @internal */
export const DEFAULT_PAGE_SIZE = 25;

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InputError('limit must be an integer from 1 to 100');
  }
  return limit;
}

function toItem(
  stored: MergeRequestRecord,
  includeDescription: boolean,
  jiraBaseUrl: string | undefined,
): MergeRequestItem {
  const { description, ...record } = stored;
  const mergeTime = timeToMergeMillis({
    createdAt: Date.parse(record.createdAt),
    mergedAt: record.mergedAt === null ? null : Date.parse(record.mergedAt),
  });
  return {
    ...record,
    ...(includeDescription ? { description } : {}),
    sizeBucket: sizeBucket(record.linesAdded, record.linesDeleted),
    timeToMergeSeconds: mergeTime === null ? null : mergeTime / 1000,
    relatedTickets: withTicketUrls(record.relatedTickets, jiraBaseUrl),
  };
}

/**
 * A newest-first page of the projects' MRs (bots included: the list is the raw
 * data), with keyset paging by an opaque cursor over (created_at, host,
 * project_id, iid). Every stored field is returned except the description,
 * which comes only when asked for.
 * @internal
 */
export async function listMergeRequests(
  reader: MergeRequestReader,
  options: ListMergeRequestsOptions,
): Promise<MergeRequestPage> {
  const limit = pageSize(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const includeDescription = options.includeDescription ?? false;
  const seen = new Set<string>();
  const projects = options.projects.filter(project => {
    const key = `${project.host} ${project.projectId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rows = (
    await reader.listPage(projects, {
      state: options.state ?? 'all',
      limit: limit + 1,
      includeDescription,
      after,
    })
  ).sort((a, b) => comparePageKeys(a.key, b.key));
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ record }) =>
      toItem(record, includeDescription, options.jiraBaseUrl),
    ),
    nextCursor:
      rows.length > limit ? encodeCursor(page[page.length - 1].key) : null,
  };
}
