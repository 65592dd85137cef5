// @ts-check

/**
 * Who last turned a project's scheduled sync on or off, and when, so the
 * health card can say who paused it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table
      .string('auto_sync_changed_by', 1024)
      .nullable()
      .comment('entity ref of the user who last set auto_sync');
    table.bigInteger('auto_sync_changed_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table.dropColumn('auto_sync_changed_by');
    table.dropColumn('auto_sync_changed_at');
  });
};
