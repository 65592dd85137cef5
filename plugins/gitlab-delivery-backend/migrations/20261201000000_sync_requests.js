// @ts-check

/**
 * Manual syncs are queued here and taken by the run of the scheduled task
 * that holds its lock, so that a manual sync never runs beside a scheduled one
 * on another replica. A request without an entity asks for every project.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_sync_requests', table => {
    table.comment('Manual sync requests, taken by the scheduled sync task');
    table.increments('id');
    table
      .string('entity_ref', 512)
      .nullable()
      .comment('the entity whose projects to sync; null for every project');
    table
      .boolean('full')
      .notNullable()
      .defaultTo(false)
      .comment('also compare every iid with GitLab (removes deleted MRs)');
    table.bigInteger('requested_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_sync_requests');
};
