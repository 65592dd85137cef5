// @ts-check

/**
 * Times are stored as epoch milliseconds (bigint) so that durations are plain
 * subtraction on both SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_projects', table => {
    table.comment('GitLab projects named by catalog entities, with their sync cursor and status');
    table.increments('row_id');
    table.string('host').notNullable();
    table.string('project_key', 1024).notNullable().comment('full path, or #<id> until resolved');
    table.integer('project_id').nullable();
    table.string('path', 1024).nullable();
    table.text('web_url').nullable();
    table.bigInteger('cursor').nullable().comment('newest updated_at stored');
    table.boolean('auto_sync').notNullable().defaultTo(true);
    table.bigInteger('last_attempt_at').nullable();
    table.bigInteger('last_success_at').nullable();
    table.integer('merge_request_count').notNullable().defaultTo(0);
    table.string('last_error_code').nullable();
    table.text('last_error_message').nullable();
    table.unique(['host', 'project_key']);
  });

  await knex.schema.createTable('gitlab_delivery_entities', table => {
    table.comment('What the catalog says about each annotated entity');
    table.string('entity_ref', 512).primary();
    table.text('warnings').notNullable().defaultTo('[]');
  });

  await knex.schema.createTable('gitlab_delivery_entity_projects', table => {
    table.string('entity_ref', 512).notNullable();
    table.string('host').notNullable();
    table.string('project_key', 1024).notNullable();
    table.primary(['entity_ref', 'host', 'project_key']);
    table.index(['host', 'project_key']);
  });

  await knex.schema.createTable('gitlab_delivery_merge_requests', table => {
    table.comment('Merge request metadata; never code or diffs');
    table.string('host').notNullable();
    table.integer('project_id').notNullable();
    table.integer('iid').notNullable();
    table.bigInteger('id').notNullable();
    table.string('project_path', 1024).notNullable();
    table.text('title').notNullable();
    table.text('description').nullable();
    table.string('state', 16).notNullable();
    table.boolean('draft').notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('merged_at').nullable();
    table.bigInteger('closed_at').nullable();
    table.bigInteger('first_approved_at').nullable();
    table.bigInteger('first_comment_at').nullable();
    table.string('author').notNullable();
    table.string('merge_user').nullable();
    table.text('source_branch').notNullable();
    table.text('target_branch').notNullable();
    table.text('labels').notNullable();
    table.integer('files_changed').nullable();
    table.integer('lines_added').nullable();
    table.integer('lines_deleted').nullable();
    table.text('related_tickets').notNullable();
    table.text('web_url').notNullable();
    table.primary(['host', 'project_id', 'iid']);
    table.index(['host', 'project_id', 'created_at']);
    table.index(['host', 'project_id', 'merged_at']);
  });

  await knex.schema.createTable('gitlab_delivery_sync_runs', table => {
    table.increments('id');
    table.string('trigger', 16).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.integer('projects').notNullable().defaultTo(0);
    table.integer('failed_projects').notNullable().defaultTo(0);
    table.integer('merge_requests_written').notNullable().defaultTo(0);
    table.integer('requests').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_sync_runs');
  await knex.schema.dropTable('gitlab_delivery_merge_requests');
  await knex.schema.dropTable('gitlab_delivery_entity_projects');
  await knex.schema.dropTable('gitlab_delivery_entities');
  await knex.schema.dropTable('gitlab_delivery_projects');
};
