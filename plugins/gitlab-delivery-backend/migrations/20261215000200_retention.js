// @ts-check

/**
 * When a project lost the last entity that named it, so that its merge
 * requests can be deleted once gitlabDelivery.retentionDays have passed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table
      .bigInteger('unreferenced_at')
      .nullable()
      .comment(
        'when no entity named the project any more; null while one does',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitlab_delivery_projects', table => {
    table.dropColumn('unreferenced_at');
  });
};
