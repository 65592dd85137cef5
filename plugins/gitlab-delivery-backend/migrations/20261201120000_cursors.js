// @ts-check

/**
 * Sync v2: cursors keyed on GitLab's project id (a project moved to another
 * path keeps its cursor, another project at an old path gets its own), and
 * per MR the digest of what the list returned and whether it must be read
 * again (GitLab's updated_at alone misses changes).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_cursors', table => {
    table.comment('Where the sync of each GitLab project stands, by project id');
    table.string('host').notNullable();
    table.integer('project_id').notNullable();
    table.bigInteger('updated_at').nullable().comment('newest updated_at read');
    table.bigInteger('read_at').nullable().comment('when the MRs were last read');
    table.bigInteger('reconciled_at').nullable();
    table.integer('backfill_total').nullable().comment('MRs of a first sync in progress');
    table.bigInteger('backfill_started_at').nullable();
    table.primary(['host', 'project_id']);
  });
  /** @type {Array<{ host: string, project_id: number, cursor: unknown, read_at: unknown }>} */
  const rows = await knex('gitlab_delivery_projects')
    .whereNotNull('project_id')
    .whereNotNull('cursor')
    .select('host', 'project_id')
    .max({ cursor: 'cursor' })
    .max({ read_at: 'last_success_at' })
    .groupBy('host', 'project_id');
  for (const row of rows) {
    await knex('gitlab_delivery_cursors').insert({
      host: row.host,
      project_id: row.project_id,
      updated_at: row.cursor,
      read_at: row.read_at,
    });
  }
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table.dropColumn('cursor');
  });
  await knex.schema.alterTable('gitlab_delivery_merge_requests', table => {
    table.string('list_digest', 64).nullable();
    table.boolean('recheck').notNullable().defaultTo(false);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitlab_delivery_merge_requests', table => {
    table.dropColumn('recheck');
    table.dropColumn('list_digest');
  });
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table.bigInteger('cursor').nullable().comment('newest updated_at stored');
  });
  const cursors = await knex('gitlab_delivery_cursors').select();
  for (const cursor of cursors) {
    await knex('gitlab_delivery_projects')
      .where({ host: cursor.host, project_id: cursor.project_id })
      .update({ cursor: cursor.updated_at });
  }
  await knex.schema.dropTable('gitlab_delivery_cursors');
};
