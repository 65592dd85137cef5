import type { Request, Response } from 'express';
import { sendJson } from './respond';

/** Above this many records GitLab stops counting: no x-total, x-total-pages or rel="last". */
export const COUNT_LIMIT = 10_000;
/** Default and maximum `per_page`. */
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** Page request read from `page` and `per_page`. */
export interface PageRequest {
  page: number;
  perPage: number;
}

/** Reads `page` / `per_page`; returns an error message for values Grape would reject. */
export function readPageRequest(req: Request): PageRequest | { error: string } {
  const page = readPositive(req.query.page, 1);
  if (page === undefined) {
    return { error: 'page is invalid' };
  }
  const perPage = readPositive(req.query.per_page, DEFAULT_PER_PAGE);
  if (perPage === undefined) {
    return { error: 'per_page is invalid' };
  }
  return { page, perPage: Math.min(perPage, MAX_PER_PAGE) };
}

/**
 * Slices `items` like GitLab's offset pagination and sets its headers (x-page, x-per-page,
 * x-next-page, x-prev-page, x-total, x-total-pages, Link). Returns undefined after sending a
 * 400 for an invalid page parameter.
 */
export function paginate<T>(
  req: Request,
  res: Response,
  items: T[],
  baseUrl: string,
): T[] | undefined {
  const request = readPageRequest(req);
  if ('error' in request) {
    sendJson(res, 400, { error: request.error });
    return undefined;
  }
  const { page, perPage } = request;
  const total = items.length;
  const withoutCount = total > COUNT_LIMIT;
  const totalPages = Math.max(Math.ceil(total / perPage), 1);
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  // Kaminari: no previous/next page when the requested page is out of range.
  const outOfRange = page > totalPages;
  const nextPage = !outOfRange && page < totalPages ? page + 1 : undefined;
  const prevPage = !outOfRange && page > 1 ? page - 1 : undefined;

  res.setHeader('X-Per-Page', String(perPage));
  res.setHeader('X-Page', String(page));
  res.setHeader('X-Next-Page', nextPage ? String(nextPage) : '');
  res.setHeader('X-Prev-Page', prevPage ? String(prevPage) : '');
  const links: string[] = [];
  const href = (p: number) => pageHref(req, baseUrl, p, perPage);
  if (prevPage) links.push(`<${href(prevPage)}>; rel="prev"`);
  if (nextPage) links.push(`<${href(nextPage)}>; rel="next"`);
  links.push(`<${href(1)}>; rel="first"`);
  if (!withoutCount) links.push(`<${href(totalPages)}>; rel="last"`);
  res.setHeader('Link', links.join(', '));
  if (!withoutCount) {
    res.setHeader('X-Total', String(total));
    res.setHeader('X-Total-Pages', String(totalPages));
  }
  return slice;
}

/** Builds a page URL keeping the other query parameters, sorted by name as Rails' `to_query` does. */
function pageHref(
  req: Request,
  baseUrl: string,
  page: number,
  perPage: number,
): string {
  const original = new URL(req.originalUrl, 'http://placeholder');
  const entries = [...original.searchParams.entries()].filter(
    ([key]) =>
      key !== 'page' &&
      key !== 'per_page' &&
      key !== 'private_token' &&
      key !== 'access_token',
  );
  entries.push(['page', String(page)], ['per_page', String(perPage)]);
  // Byte order, as Rails' Hash#to_query sorts.
  entries.sort(([a], [b]) => (a < b ? -1 : Number(a > b)));
  const query = entries
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
    )
    .join('&');
  return `${baseUrl.replace(/\/$/, '')}${original.pathname}?${query}`;
}

function readPositive(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === '') {
    return fallback;
  }
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) {
    return undefined;
  }
  const number = Number(value);
  return number < 1 ? fallback : number;
}
