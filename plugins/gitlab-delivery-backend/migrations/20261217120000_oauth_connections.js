// @ts-check

/**
 * GitLab connected from the admin page ("Connect GitLab", the OAuth
 * authorization-code flow with PKCE). Per host, the access and refresh token,
 * sealed together with AES-256-GCM (gitlabDelivery.encryptionKey), with who
 * connected and when. The authorization states of flows under way are kept
 * only as a SHA-256 of the state, with the PKCE verifier sealed and a SHA-256
 * of the nonce the admin's browser holds in a cookie; each is single-use.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitlab_delivery_oauth_connections', table => {
    table.comment(
      'OAuth tokens of GitLab connected from the admin page, encrypted with AES-256-GCM',
    );
    table.string('host').primary();
    table
      .string('key_id', 32)
      .notNullable()
      .comment('a hash naming the key the tokens were encrypted with');
    table.string('iv', 32).notNullable();
    table.string('tag', 32).notNullable();
    table
      .text('ciphertext')
      .notNullable()
      .comment('the access and refresh token');
    table.bigInteger('expires_at').notNullable();
    table.text('scopes').notNullable().defaultTo('[]');
    table
      .string('connected_by', 512)
      .notNullable()
      .comment('entity ref of the user who connected');
    table.bigInteger('connected_at').notNullable();
    table.bigInteger('rotated_at').notNullable();
  });

  await knex.schema.createTable('gitlab_delivery_oauth_states', table => {
    table.comment('Authorization states of Connect GitLab flows under way');
    table
      .string('state_hash', 64)
      .primary()
      .comment('sha256 (hex) of the state sent to GitLab');
    table.string('host').notNullable();
    table.string('user_entity_ref', 512).notNullable();
    table
      .string('nonce_hash', 64)
      .notNullable()
      .comment("sha256 (hex) of the nonce in the admin's browser cookie");
    table.string('key_id', 32).notNullable();
    table.string('iv', 32).notNullable();
    table.string('tag', 32).notNullable();
    table.text('ciphertext').notNullable().comment('the PKCE code verifier');
    table.bigInteger('expires_at').notNullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitlab_delivery_oauth_states');
  await knex.schema.dropTable('gitlab_delivery_oauth_connections');
};
