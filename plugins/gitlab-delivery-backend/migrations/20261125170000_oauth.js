// @ts-check

/**
 * The newest refresh token of each host's OAuth application. GitLab rotates
 * the refresh token on every use, so the configured one stops working after
 * the first renewal; the plugin starts from the stored one after a restart.
 * `configured_fingerprint` is the sha256 of the configured refresh token the
 * stored one descends from: when the configuration names a new refresh
 * token, the fingerprints differ and the configured one is used again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_oauth_tokens', table => {
    table.comment(
      'The newest refresh token of each OAuth application, as GitLab rotated it',
    );
    table.string('host').primary();
    table.text('refresh_token').notNullable();
    table
      .string('configured_fingerprint', 64)
      .notNullable()
      .comment('sha256 (hex) of the configured refresh token it descends from');
    table.bigInteger('rotated_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_oauth_tokens');
};
