import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

/**
 * The tickets with Jira keys linked to `<jiraBaseUrl>/browse/<KEY>` when a
 * base URL is configured and the ticket has no URL yet.
 * @internal
 */
export function withTicketUrls(
  tickets: readonly RelatedTicket[],
  jiraBaseUrl?: string,
): RelatedTicket[] {
  const base = jiraBaseUrl?.replace(/\/+$/, '');
  return tickets.map(ticket =>
    base && ticket.kind === 'jira' && !ticket.url
      ? { ...ticket, url: `${base}/browse/${encodeURIComponent(ticket.key)}` }
      : ticket,
  );
}

/** The related tickets stored as JSON text; anything unreadable reads as none. @internal */
export function parseTickets(json: string | null | undefined): RelatedTicket[] {
  if (!json || json === '[]') return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The labels stored as JSON text; anything unreadable reads as none. @internal */
export function parseLabels(json: string | null | undefined): string[] {
  if (!json || json === '[]') return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
