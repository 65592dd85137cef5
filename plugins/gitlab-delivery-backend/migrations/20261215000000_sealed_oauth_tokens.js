// @ts-check

/**
 * OAuth refresh tokens are stored encrypted (AES-256-GCM with the key of
 * gitlabDelivery.encryptionKey): key id, iv, authentication tag and
 * ciphertext. A migration cannot encrypt (it has no key), so the refresh
 * tokens the previous version stored in plain text are discarded: the table
 * is dropped, which removes its data files on PostgreSQL, and created again.
 * An OAuth instance then starts from its configured refresh token; if GitLab
 * has already rotated that one, the application must be authorized again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('gitlab_delivery_oauth_tokens');
  await knex.schema.createTable('gitlab_delivery_oauth_tokens', table => {
    table.comment(
      'The newest refresh token of each OAuth application, encrypted with AES-256-GCM',
    );
    table.string('host').primary();
    table
      .string('key_id', 32)
      .notNullable()
      .comment('a hash naming the key it was encrypted with');
    table.string('iv', 32).notNullable();
    table.string('tag', 32).notNullable();
    table.text('ciphertext').notNullable();
    table
      .string('configured_fingerprint', 64)
      .notNullable()
      .comment('sha256 (hex) of the configured refresh token it descends from');
    table.bigInteger('rotated_at').notNullable();
  });
};

/**
 * The encrypted tokens cannot be written back in plain text: down leaves the
 * table of the previous version empty.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_oauth_tokens');
  await knex.schema.createTable('gitlab_delivery_oauth_tokens', table => {
    table.string('host').primary();
    table.text('refresh_token').notNullable();
    table.string('configured_fingerprint', 64).notNullable();
    table.bigInteger('rotated_at').notNullable();
  });
};
