// @ts-check

const MERGE_REQUESTS = 'gitlab_delivery_merge_requests';
const TICKETS = 'gitlab_delivery_merge_request_tickets';

const MERGED_FIGURES = [
  'host',
  'project_id',
  'merged_at',
  'author',
  'time_to_merge_ms',
  'files_changed',
  'lines_changed',
  'change_kind',
];
// merged_at, always null here, lets SQLite read the state mix from the index alone.
const UNMERGED = [
  'host',
  'project_id',
  'state',
  'closed_at',
  'author',
  'draft',
  'created_at',
  'merged_at',
];
const CREATED_FIGURES = [
  'host',
  'project_id',
  'created_at',
  'author',
  'time_to_first_comment_ms',
  'time_to_approve_ms',
  'approved_without_comment',
];

/**
 * What the metrics read of each MR, derived when the MR is written, so that a
 * metrics query reads a few numbers per MR from an index instead of whole
 * rows: the durations in milliseconds, lines changed, the change kind and
 * whether it was approved without a comment; and its related tickets as rows
 * that SQL can count. The (host, project_id, merged_at) and (host, project_id,
 * created_at) indexes grow into covering ones.
 *
 * The MRs already stored are filled in here. The change kind and the ticket
 * identity follow src/services/metrics/calc/changeKind.ts and ticketTally.ts
 * as they are at this migration; a later change to those rules needs a
 * migration that derives them again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(MERGE_REQUESTS, table => {
    table.bigInteger('time_to_merge_ms').nullable();
    table.bigInteger('time_to_first_comment_ms').nullable();
    table.bigInteger('time_to_approve_ms').nullable();
    table.boolean('approved_without_comment').notNullable().defaultTo(false);
    table.integer('lines_changed').nullable();
    table.string('change_kind', 16).notNullable().defaultTo('other');
  });
  await knex(MERGE_REQUESTS).update({
    time_to_merge_ms: sinceCreation(knex, 'merged_at'),
    time_to_first_comment_ms: sinceCreation(knex, 'first_comment_at'),
    time_to_approve_ms: sinceCreation(knex, 'first_approved_at'),
    approved_without_comment: knex.raw(
      'first_approved_at IS NOT NULL AND (first_comment_at IS NULL OR first_comment_at > first_approved_at)',
    ),
    lines_changed: knex.raw('lines_added + lines_deleted'),
  });

  await knex.schema.createTable(TICKETS, table => {
    table.comment(
      'The related tickets of each merge request, a row per MR and ticket',
    );
    table.string('host').notNullable();
    table.integer('project_id').notNullable();
    table.integer('iid').notNullable();
    table
      .text('ticket')
      .notNullable()
      .comment(
        'what tells the ticket apart: jira <KEY>, issue <url> or issue <host>/<path> <key>',
      );
    table.string('kind', 16).notNullable();
    table.text('key').notNullable();
    table.text('title').nullable();
    table.text('url').nullable();
    table.string('relation', 16).nullable();
    table.boolean('closes').notNullable();
    table
      .bigInteger('merged_at')
      .nullable()
      .comment(
        "the MR's, as is the author: tickets are counted from this table alone",
      );
    table.string('author').notNullable();
    table.primary(['host', 'project_id', 'iid', 'ticket']);
    table.index(
      ['host', 'project_id', 'merged_at', 'author', 'ticket', 'key'],
      'gitlab_delivery_merge_request_tickets_counted',
    );
    // Closed issues are counted from the few references that close one.
    table.index(
      ['host', 'project_id', 'merged_at', 'author', 'ticket', 'closes'],
      'gitlab_delivery_merge_request_tickets_closing',
      { predicate: knex.whereRaw('closes') },
    );
    // The references to the top tickets are read by ticket.
    table.index(['ticket', 'host', 'project_id', 'merged_at']);
  });
  await deriveFromText(knex);

  await knex.schema.alterTable(MERGE_REQUESTS, table => {
    table.dropIndex(['host', 'project_id', 'merged_at']);
    table.dropIndex(['host', 'project_id', 'created_at']);
    table.index(
      MERGED_FIGURES,
      'gitlab_delivery_merge_requests_merged_figures',
    );
    table.index(
      CREATED_FIGURES,
      'gitlab_delivery_merge_requests_created_figures',
    );
    // Lets the metrics list a project's authors one index step per author.
    table.index(['host', 'project_id', 'author']);
    // The state mix reads MRs that are not merged from this index alone.
    table.index(UNMERGED, 'gitlab_delivery_merge_requests_unmerged', {
      predicate: knex.whereNull('merged_at'),
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable(TICKETS);
  await knex.schema.alterTable(MERGE_REQUESTS, table => {
    table.dropIndex(['host', 'project_id', 'author']);
    table.dropIndex(UNMERGED, 'gitlab_delivery_merge_requests_unmerged');
    table.dropIndex(
      MERGED_FIGURES,
      'gitlab_delivery_merge_requests_merged_figures',
    );
    table.dropIndex(
      CREATED_FIGURES,
      'gitlab_delivery_merge_requests_created_figures',
    );
    table.index(['host', 'project_id', 'created_at']);
    table.index(['host', 'project_id', 'merged_at']);
  });
  await knex.schema.alterTable(MERGE_REQUESTS, table => {
    table.dropColumns(
      'time_to_merge_ms',
      'time_to_first_comment_ms',
      'time_to_approve_ms',
      'approved_without_comment',
      'lines_changed',
      'change_kind',
    );
  });
};

/**
 * The milliseconds from creation to a time, or null without one; a time
 * before the creation (clock skew) counts as 0.
 *
 * @param {import('knex').Knex} knex
 * @param {string} column
 */
function sinceCreation(knex, column) {
  return knex.raw('CASE WHEN ?? < created_at THEN 0 ELSE ?? - created_at END', [
    column,
    column,
  ]);
}

/**
 * Fills in the change kinds and the ticket rows, which need the text of each
 * MR, a page of MRs at a time.
 *
 * @param {import('knex').Knex} knex
 */
async function deriveFromText(knex) {
  /** @type {any[] | undefined} */
  let after;
  for (;;) {
    const query = knex(MERGE_REQUESTS)
      .select(
        'host',
        'project_id',
        'iid',
        'project_path',
        'title',
        'source_branch',
        'labels',
        'related_tickets',
        'merged_at',
        'author',
      )
      .orderBy(['host', 'project_id', 'iid'])
      .limit(1000);
    if (after) query.whereRaw('(host, project_id, iid) > (?, ?, ?)', after);
    const rows = await query;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    after = [last.host, last.project_id, last.iid];

    /** @type {Map<string, { host: string, projectId: number, kind: string, iids: number[] }>} */
    const kinds = new Map();
    /** @type {object[]} */
    const tickets = [];
    for (const row of rows) {
      const kind = changeKind(
        parseList(row.labels).map(String),
        row.title,
        row.source_branch,
      );
      if (kind !== 'other') {
        const key = `${row.host} ${row.project_id} ${kind}`;
        let group = kinds.get(key);
        if (!group) {
          group = { host: row.host, projectId: row.project_id, kind, iids: [] };
          kinds.set(key, group);
        }
        group.iids.push(row.iid);
      }
      tickets.push(...ticketRows(row));
    }
    for (const { host, projectId, kind, iids } of kinds.values()) {
      await knex(MERGE_REQUESTS)
        .where({ host, project_id: projectId })
        .whereIn('iid', iids)
        .update({ change_kind: kind });
    }
    for (let i = 0; i < tickets.length; i += 500) {
      await knex(TICKETS).insert(tickets.slice(i, i + 500));
    }
  }
}

/** @param {string | null} json */
function parseList(json) {
  if (!json) return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The ticket rows of a stored MR, each ticket once (as in ticketTally.ts). @param {any} row */
function ticketRows(row) {
  const rows = new Map();
  for (const ticket of parseList(row.related_tickets)) {
    const identity =
      ticket.kind === 'jira'
        ? `jira ${ticket.key.toUpperCase()}`
        : `issue ${
            ticket.url ?? `${row.host}/${row.project_path} ${ticket.key}`
          }`;
    if (rows.has(identity)) continue;
    rows.set(identity, {
      host: row.host,
      project_id: row.project_id,
      iid: row.iid,
      ticket: identity,
      kind: ticket.kind,
      key: ticket.key,
      title: ticket.title ?? null,
      url: ticket.url ?? null,
      relation: ticket.relation ?? null,
      closes: ticket.kind === 'gitlab_issue' && ticket.relation !== 'mentions',
      merged_at: row.merged_at,
      author: row.author,
    });
  }
  return [...rows.values()];
}

// The change kind rules of changeKind.ts, as they are at this migration.

/** @type {Record<string, string>} */
const LABEL_KINDS = {
  feature: 'feature',
  feat: 'feature',
  enhancement: 'feature',
  'new feature': 'feature',
  improvement: 'feature',
  bug: 'fix',
  bugfix: 'fix',
  fix: 'fix',
  hotfix: 'fix',
  regression: 'fix',
  defect: 'fix',
  refactor: 'refactor',
  refactoring: 'refactor',
  'tech debt': 'refactor',
  'tech-debt': 'refactor',
  'technical debt': 'refactor',
  docs: 'docs',
  documentation: 'docs',
  dependencies: 'deps',
  dependency: 'deps',
  deps: 'deps',
  renovate: 'deps',
  dependabot: 'deps',
  chore: 'chore',
  maintenance: 'chore',
  ci: 'chore',
  tooling: 'chore',
};
const LABEL_PRECEDENCE = [
  'deps',
  'fix',
  'feature',
  'refactor',
  'docs',
  'chore',
];
/** @type {Record<string, string>} */
const TITLE_TYPES = {
  feat: 'feature',
  feature: 'feature',
  fix: 'fix',
  bugfix: 'fix',
  hotfix: 'fix',
  refactor: 'refactor',
  perf: 'refactor',
  docs: 'docs',
  doc: 'docs',
  deps: 'deps',
  build: 'chore',
  chore: 'chore',
  ci: 'chore',
  style: 'chore',
  test: 'chore',
  tests: 'chore',
};
const DEPS_SCOPES = new Set(['deps', 'deps-dev', 'dependencies', 'dependency']);
/** @type {Record<string, string>} */
const BRANCH_PREFIXES = {
  feature: 'feature',
  feat: 'feature',
  fix: 'fix',
  bugfix: 'fix',
  hotfix: 'fix',
  docs: 'docs',
  refactor: 'refactor',
  renovate: 'deps',
  dependabot: 'deps',
  chore: 'chore',
};
const DRAFT_PREFIX =
  /^\s*(?:\[(?:draft|wip)\]|\((?:draft|wip)\)|(?:draft|wip):)\s*/i;
const CONVENTIONAL = /^([a-z]+)(?:\(([^)]*)\))?!?:/i;

/**
 * @param {Record<string, string>} table
 * @param {string} word
 */
function lookup(table, word) {
  return Object.prototype.hasOwnProperty.call(table, word)
    ? table[word]
    : undefined;
}

/**
 * @param {string[]} labels
 * @param {string} title
 * @param {string} sourceBranch
 */
function changeKind(labels, title, sourceBranch) {
  const found = new Set();
  for (const label of labels) {
    const name = label.trim().toLowerCase();
    const parts = name.split('::').map(part => part.trim());
    const kind = [name, parts[parts.length - 1], parts[0]]
      .map(candidate => lookup(LABEL_KINDS, candidate))
      .find(Boolean);
    if (kind) found.add(kind);
  }
  const byLabel = LABEL_PRECEDENCE.find(kind => found.has(kind));
  if (byLabel) return byLabel;

  const match = CONVENTIONAL.exec(title.replace(DRAFT_PREFIX, ''));
  if (match) {
    const scope = match[2]?.trim().toLowerCase();
    if (scope && DEPS_SCOPES.has(scope)) return 'deps';
    const kind = lookup(TITLE_TYPES, match[1].toLowerCase());
    if (kind) return kind;
  }

  const slash = sourceBranch.indexOf('/');
  const byBranch =
    slash > 0
      ? lookup(BRANCH_PREFIXES, sourceBranch.slice(0, slash).toLowerCase())
      : undefined;
  return byBranch ?? 'other';
}
