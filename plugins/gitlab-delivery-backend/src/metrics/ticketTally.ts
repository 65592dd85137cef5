import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

interface Tally {
  ticket: RelatedTicket;
  mergeRequests: number;
}

/**
 * Counts the tickets of merged MRs: how many distinct GitLab issues they close,
 * and which tickets most MRs refer to.
 * @internal
 */
export class TicketTally {
  private readonly tallies = new Map<string, Tally>();

  /** Adds the tickets of one MR; an MR counts once per ticket. */
  add(
    mr: { host: string; projectPath: string },
    tickets: readonly RelatedTicket[],
  ): void {
    const seen = new Set<string>();
    for (const ticket of tickets) {
      // An issue key like "#12" is only unique within its project.
      const identity =
        ticket.kind === 'jira'
          ? `jira ${ticket.key.toUpperCase()}`
          : `issue ${
              ticket.url ?? `${mr.host}/${mr.projectPath} ${ticket.key}`
            }`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const tally = this.tallies.get(identity);
      if (tally) {
        tally.mergeRequests += 1;
        tally.ticket = {
          ...tally.ticket,
          title: tally.ticket.title ?? ticket.title,
          url: tally.ticket.url ?? ticket.url,
        };
      } else {
        this.tallies.set(identity, { ticket, mergeRequests: 1 });
      }
    }
  }

  /** Distinct GitLab issues closed by the MRs. */
  closedIssues(): number {
    let count = 0;
    for (const { ticket } of this.tallies.values()) {
      if (ticket.kind === 'gitlab_issue') count += 1;
    }
    return count;
  }

  /** The tickets most MRs refer to; ties by key, then kind. */
  top(limit: number): RelatedTicket[] {
    return [...this.tallies.values()]
      .sort(
        (a, b) =>
          b.mergeRequests - a.mergeRequests ||
          compare(a.ticket.key, b.ticket.key) ||
          compare(a.ticket.kind, b.ticket.kind) ||
          compare(a.ticket.url ?? '', b.ticket.url ?? ''),
      )
      .slice(0, limit)
      .map(({ ticket }) => ticket);
  }
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
