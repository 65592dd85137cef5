import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

/**
 * The tickets with each Jira key linked to `<jiraBaseUrl>/browse/<KEY>` from
 * the base URL configured now; without one, Jira keys have no URL. A URL
 * stored with a Jira key is never used.
 * @internal
 */
export function withTicketUrls(
  tickets: readonly RelatedTicket[],
  jiraBaseUrl?: string,
): RelatedTicket[] {
  const base = jiraBaseUrl?.replace(/\/+$/, '');
  return tickets.map(ticket => {
    if (ticket.kind !== 'jira') return ticket;
    const { url: _stored, ...jira } = ticket;
    return base
      ? { ...jira, url: `${base}/browse/${encodeURIComponent(ticket.key)}` }
      : jira;
  });
}
