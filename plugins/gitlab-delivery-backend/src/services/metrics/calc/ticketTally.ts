import { RelatedTicket } from '@delivery-insights/plugin-gitlab-delivery-common';

interface Tally {
  identity: string;
  ticket: RelatedTicket;
  mergeRequests: number;
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Most MRs first; ties by key, then by identity: GitLab issues before Jira
 * keys (as their kinds sort), then by URL.
 */
function ranking(a: Tally, b: Tally): number {
  return (
    b.mergeRequests - a.mergeRequests ||
    compareText(a.ticket.key, b.ticket.key) ||
    compareText(a.identity, b.identity)
  );
}

/**
 * What tells a ticket apart: a Jira key by its key, a GitLab issue by its URL,
 * else by its project and key.
 * @internal
 */
export function ticketIdentity(
  mr: { host: string; projectPath: string },
  ticket: RelatedTicket,
): string {
  // An issue key like "#12" is only unique within its project.
  return ticket.kind === 'jira'
    ? `jira ${ticket.key.toUpperCase()}`
    : `issue ${ticket.url ?? `${mr.host}/${mr.projectPath} ${ticket.key}`}`;
}

/**
 * Whether an MR closes the issue; issues stored before the relation was
 * recorded count as closed.
 * @internal
 */
export function closesIssue(ticket: RelatedTicket): boolean {
  return ticket.kind === 'gitlab_issue' && ticket.relation !== 'mentions';
}

/**
 * Counts the tickets of merged MRs: how many distinct GitLab issues they close
 * (mentioned ones left out), and which tickets most MRs refer to.
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
      const identity = ticketIdentity(mr, ticket);
      if (seen.has(identity)) continue;
      seen.add(identity);
      this.addReference(identity, ticket);
    }
  }

  /** Adds one MR's reference to a ticket; an MR refers to a ticket once. */
  addReference(identity: string, ticket: RelatedTicket): void {
    const tally = this.tallies.get(identity);
    if (!tally) {
      this.tallies.set(identity, { identity, ticket, mergeRequests: 1 });
      return;
    }
    tally.mergeRequests += 1;
    if (!closesIssue(tally.ticket) && closesIssue(ticket)) {
      // One MR closing an issue that others only mention makes it closed.
      tally.ticket = { ...tally.ticket, relation: 'closes' };
    }
    if (compareText(ticket.key, tally.ticket.key) < 0) {
      // The smallest key ranks the ticket (as the store's MIN does), whichever MR came first.
      tally.ticket = { ...tally.ticket, key: ticket.key };
    }
    if (
      (!tally.ticket.title && ticket.title) ||
      (!tally.ticket.url && ticket.url)
    ) {
      tally.ticket = {
        ...tally.ticket,
        title: tally.ticket.title ?? ticket.title,
        url: tally.ticket.url ?? ticket.url,
      };
    }
  }

  /** Distinct GitLab issues closed by the MRs; issues they only mention are left out. */
  closedIssues(): number {
    let count = 0;
    for (const { ticket } of this.tallies.values()) {
      if (closesIssue(ticket)) count += 1;
    }
    return count;
  }

  /** The tickets most MRs refer to; ties by key, then kind. */
  top(limit: number): RelatedTicket[] {
    // Keeps only the best `limit` while scanning: most tickets are referred to once.
    const best: Tally[] = [];
    for (const tally of this.tallies.values()) {
      if (best.length === limit && ranking(tally, best[limit - 1]) >= 0)
        continue;
      let at = best.length;
      while (at > 0 && ranking(tally, best[at - 1]) < 0) at -= 1;
      best.splice(at, 0, tally);
      if (best.length > limit) best.pop();
    }
    return best.map(({ ticket }) => ticket);
  }
}
