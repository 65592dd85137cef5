import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { testDatabases } from '../__testUtils__/databases';
import { generatedRecords } from '../services/metrics/__testdata__/generated';
import { toMergeRequestRow, toTicketRows } from './rows';
import { MergeRequestRecord } from './types';

const databases = testDatabases();

const MRS = 'gitlab_delivery_merge_requests';
const TICKETS = 'gitlab_delivery_merge_request_tickets';
const FIGURES = [
  'time_to_merge_ms',
  'time_to_first_comment_ms',
  'time_to_approve_ms',
  'approved_without_comment',
  'lines_changed',
  'change_kind',
] as const;
const directory = resolvePackagePath(
  '@delivery-insights/plugin-gitlab-delivery-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up, hold data and go down again, one at a time', async () => {
    const knex = await databases.init(databaseId);
    const tables = async () => {
      const names = [
        'gitlab_delivery_projects',
        'gitlab_delivery_merge_requests',
        'gitlab_delivery_instance_health',
        'gitlab_delivery_instance_checks',
        'gitlab_delivery_project_checks',
        'gitlab_delivery_oauth_tokens',
      ];
      const present = await Promise.all(
        names.map(name => knex.schema.hasTable(name)),
      );
      return names.filter((_, i) => present[i]);
    };

    await knex.migrate.up({ directory });
    expect(await tables()).toEqual([
      'gitlab_delivery_projects',
      'gitlab_delivery_merge_requests',
    ]);
    await knex('gitlab_delivery_projects').insert({
      host: 'gitlab.example.com',
      project_key: 'team/service',
      last_success_at: 1_795_000_000_000,
    });

    await knex.migrate.up({ directory });
    expect(await tables()).toHaveLength(5);
    await knex('gitlab_delivery_instance_health').insert({
      host: 'gitlab.example.com',
      version: '17.5.0',
      token_name: 'backstage',
      token_scopes: '["read_api"]',
      token_expires_at: 1_800_000_000_000,
      rate_limit_limit: 2000,
      rate_limit_remaining: 1999,
      checked_at: 1_795_000_000_000,
    });
    await knex('gitlab_delivery_instance_checks').insert({
      host: 'gitlab.example.com',
      check_id: 'token.valid',
      status: 'ok',
      message: 'The token is valid.',
      checked_at: 1_795_000_000_000,
    });
    await knex('gitlab_delivery_project_checks').insert({
      host: 'gitlab.example.com',
      project_key: 'team/service',
      check_id: 'project.resolves',
      status: 'error',
      message: 'GitLab answered 404.',
      cause: 'wrong_path',
      suggested_path: 'team/the-service',
      checked_at: 1_795_000_000_000,
    });
    // One result per project and check: the same key again is refused.
    const again = await knex('gitlab_delivery_project_checks')
      .insert({
        host: 'gitlab.example.com',
        project_key: 'team/service',
        check_id: 'project.resolves',
        status: 'ok',
        message: 'again',
        checked_at: 1_795_000_000_000,
      })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(again).toBe('refused');
    const [stored] = await knex('gitlab_delivery_instance_health');
    expect(Number(stored.token_expires_at)).toBe(1_800_000_000_000);

    await knex.migrate.up({ directory });
    expect(await tables()).toHaveLength(6);
    await knex('gitlab_delivery_oauth_tokens').insert({
      host: 'gitlab.example.com',
      refresh_token: 'rotated-refresh-token',
      configured_fingerprint: 'f'.repeat(64),
      rotated_at: 1_795_000_000_000,
    });
    // One refresh token per host.
    const second = await knex('gitlab_delivery_oauth_tokens')
      .insert({
        host: 'gitlab.example.com',
        refresh_token: 'another',
        configured_fingerprint: 'f'.repeat(64),
        rotated_at: 1_795_000_000_001,
      })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(second).toBe('refused');
    const [token] = await knex('gitlab_delivery_oauth_tokens');
    expect(token.refresh_token).toBe('rotated-refresh-token');
    expect(Number(token.rotated_at)).toBe(1_795_000_000_000);

    await knex.migrate.down({ directory });
    expect(await tables()).toHaveLength(5);
    expect(
      await knex('gitlab_delivery_instance_checks').select('check_id'),
    ).toEqual([{ check_id: 'token.valid' }]);

    await knex.migrate.down({ directory });
    expect(await tables()).toEqual([
      'gitlab_delivery_projects',
      'gitlab_delivery_merge_requests',
    ]);
    expect(
      await knex('gitlab_delivery_projects').select('project_key'),
    ).toEqual([{ project_key: 'team/service' }]);

    await knex.migrate.down({ directory });
    expect(await tables()).toEqual([]);
  });

  it('fills in the metric figures of the MRs stored before them, and drops them again', async () => {
    const knex = await databases.init(databaseId);
    await migrateUpTo(knex, '20261216000000_metric_figures.js');
    expect(await knex.schema.hasColumn(MRS, 'change_kind')).toBe(false);

    // More MRs than a page of the backfill, over several projects and hosts.
    const records = [...generatedRecords(1300), ...kindRecords()];
    const rows = records.map(record => ({
      ...withoutFigures(toMergeRequestRow(record)),
      // What the rows read as: unreadable labels and tickets read as none.
      ...(record.iid === 1 && { labels: 'not json', related_tickets: '{' }),
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await knex(MRS).insert(rows.slice(i, i + 100));
    }

    await knex.migrate.up({ directory });
    const figures = await knex(MRS).select(
      'host',
      'project_id',
      'iid',
      ...FIGURES,
    );
    expect(sortedRows(figures.map(normalized))).toEqual(
      sortedRows(
        records.map(record => {
          const row = toMergeRequestRow(unreadable(record));
          return normalized({
            host: row.host,
            project_id: row.project_id,
            iid: row.iid,
            ...Object.fromEntries(FIGURES.map(name => [name, row[name]])),
          });
        }),
      ),
    );
    const tickets = await knex(TICKETS).select();
    expect(sortedRows(tickets.map(normalized))).toEqual(
      sortedRows(
        records.flatMap(record =>
          toTicketRows(unreadable(record)).map(normalized),
        ),
      ),
    );

    await knex.migrate.down({ directory });
    expect(await knex.schema.hasTable(TICKETS)).toBe(false);
    expect(await knex.schema.hasColumn(MRS, 'change_kind')).toBe(false);
    const [{ count }] = await knex(MRS).count({ count: '*' });
    expect(Number(count)).toBe(records.length);
  });
});

/** Runs the migrations before the named one. */
async function migrateUpTo(knex: Knex, name: string): Promise<void> {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory });
    if (pending.length === 0 || pending[0].file === name) return;
    await knex.migrate.up({ directory });
  }
}

function withoutFigures(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).filter(
      ([name]) => !(FIGURES as readonly string[]).includes(name),
    ),
  );
}

/** The record as its row with unreadable labels and tickets reads. */
function unreadable(record: MergeRequestRecord): MergeRequestRecord {
  return record.iid === 1
    ? { ...record, labels: [], relatedTickets: [] }
    : record;
}

/** A row as both databases read it back: numbers for bigints, booleans for booleans. */
function normalized(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => {
      if (value === null || value === undefined) return [name, null];
      if (['approved_without_comment', 'closes'].includes(name)) {
        return [name, Boolean(value)];
      }
      return [
        name,
        typeof value === 'string' && /_ms$|_at$/.test(name)
          ? Number(value)
          : value,
      ];
    }),
  );
}

function sortedRows(rows: Array<Record<string, unknown>>) {
  return rows.map(row => JSON.stringify(row, Object.keys(row).sort())).sort();
}

/** MRs whose labels, titles and branches cover the change kind rules. */
function kindRecords(): MergeRequestRecord[] {
  const titles = [
    'feat: add export',
    'feat!: drop v1',
    'fix(api): handle 404',
    'chore(deps): bump luxon',
    'build(deps-dev): bump jest',
    'perf(db): batch inserts',
    'test: cover paging',
    '[Draft] fix: typo',
    '(wip) docs: readme',
    'WIP: docs: readme',
    'Resolve "Export: CSV"',
    'wat: unknown type',
    'constructor: nothing',
  ];
  const branches = [
    'feature/PAY-1',
    'Hotfix/x',
    'dependabot/npm',
    'nope',
    '/lead',
    'toString/x',
  ];
  const labels = [
    [],
    ['Bug'],
    ['type::feature'],
    ['bug::performance'],
    ['Tech Debt'],
    ['frontend', 'priority::1'],
    ['documentation', 'bug'],
    ['chore', 'feature', 'Dependencies'],
    ['constructor'],
  ];
  const [base] = generatedRecords(1, 99);
  return titles.flatMap((title, t) =>
    branches.map((sourceBranch, b) => ({
      ...base,
      host: 'gitlab.kinds.example',
      iid: t * branches.length + b + 1,
      title,
      sourceBranch,
      labels: labels[(t + b) % labels.length],
    })),
  );
}
