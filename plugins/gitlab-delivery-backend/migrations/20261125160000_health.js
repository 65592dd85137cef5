// @ts-check

/**
 * The latest health check results, per instance and per project, and what the
 * checks learned about each instance. Times are epoch milliseconds (bigint),
 * as in the first migration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_instance_health', table => {
    table.comment(
      'What the latest health check learned about each GitLab instance; never the token itself',
    );
    table.string('host').primary();
    table.string('version').nullable();
    table.string('token_name').nullable();
    table.text('token_scopes').notNullable().defaultTo('[]');
    table.bigInteger('token_expires_at').nullable();
    table.integer('token_user_id').nullable();
    table.string('token_username').nullable();
    table.integer('rate_limit_limit').nullable();
    table.integer('rate_limit_remaining').nullable();
    table.bigInteger('checked_at').notNullable();
  });

  await knex.schema.createTable('gitlab_delivery_instance_checks', table => {
    table.comment('The latest result of each instance and token health check');
    table.string('host').notNullable();
    table.string('check_id', 64).notNullable();
    table.string('status', 16).notNullable();
    table.text('message').notNullable();
    table.text('remediation').nullable();
    table.bigInteger('checked_at').notNullable();
    table.primary(['host', 'check_id']);
  });

  await knex.schema.createTable('gitlab_delivery_project_checks', table => {
    table.comment('The latest result of each project health check');
    table.string('host').notNullable();
    table.string('project_key', 1024).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('status', 16).notNullable();
    table.text('message').notNullable();
    table.text('remediation').nullable();
    table.string('cause', 32).nullable();
    table.string('suggested_path', 1024).nullable();
    table.bigInteger('checked_at').notNullable();
    table.primary(['host', 'project_key', 'check_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_project_checks');
  await knex.schema.dropTable('gitlab_delivery_instance_checks');
  await knex.schema.dropTable('gitlab_delivery_instance_health');
};
