// @ts-check

/**
 * Manual requests are limited per scope across replicas: the time of the
 * last accepted request of each kind ('sync', 'health') and scope (an entity
 * ref, or '*' for everything). Live health checks are queued like syncs and
 * taken by the scheduled health task, a bounded number of projects per run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_request_cooldowns', table => {
    table.comment('The last accepted manual request per kind and scope');
    table.string('kind', 16).notNullable();
    table.string('scope', 512).notNullable();
    table.bigInteger('requested_at').notNullable();
    table.primary(['kind', 'scope']);
  });

  await knex.schema.createTable('gitlab_delivery_health_requests', table => {
    table.comment(
      'Live health check requests, taken by the scheduled health task',
    );
    table.increments('id');
    table
      .string('entity_ref', 512)
      .nullable()
      .comment('the entity whose projects to check; null for everything');
    table
      .text('projects')
      .nullable()
      .comment('JSON list of the projects to check; null for every project');
    table.text('hosts').notNullable().defaultTo('[]');
    table.bigInteger('requested_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_health_requests');
  await knex.schema.dropTable('gitlab_delivery_request_cooldowns');
};
