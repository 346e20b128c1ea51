import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL tells every server when what it keeps in memory has changed (LISTEN/NOTIFY, sent at
 * commit): `daicho_credentials` names the user or API key whose sign-in facts changed (a session
 * ended or finished its second step, the user's role, status or password duty, the authenticator,
 * a key revoked or re-scoped); `daicho_catalog` says the personal information management ledger
 * changed. Triggers, not the services, send them, so no way of writing can forget one. The
 * sessions' and keys' "last seen" touches send nothing.
 */
const CREDENTIAL_TABLES = ['users', 'sessions', 'user_totp', 'api_keys'];

export class ChangeNotifications1764950000000 implements MigrationInterface {
  name = 'ChangeNotifications1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE FUNCTION notify_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed record;
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        -- TG_ARGV: the payload's prefix (user, key) and the column naming whose facts changed.
        PERFORM pg_notify('daicho_credentials',
          TG_ARGV[0] || ':' || (to_jsonb(changed) ->> TG_ARGV[1]));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION notify_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('daicho_catalog', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    // Any change to what a request checks, in any way; a session's or key's "last seen" moving
    // forward (the touch every request may make) is no such change, moving it back is.
    const changedUnlessTouched = (columns: string[], touched: string) =>
      `UPDATE OF ${[...columns, touched].join(', ')}` +
      ` ON %s FOR EACH ROW WHEN (${columns
        .map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`)
        .join(' OR ')} OR NEW.${touched} < OLD.${touched})`;
    const credentials: [string, string, string][] = [
      ['users', 'UPDATE OR DELETE ON %s FOR EACH ROW', `'user', 'id'`],
      [
        'sessions',
        changedUnlessTouched(
          ['revoked_at', 'expires_at', 'mfa_pending', 'sso', 'user_id', 'token_hash'],
          'last_seen_at',
        ),
        `'user', 'user_id'`,
      ],
      ['sessions', 'DELETE ON %s FOR EACH ROW', `'user', 'user_id'`],
      [
        'user_totp',
        'INSERT OR UPDATE OF confirmed_at OR DELETE ON %s FOR EACH ROW',
        `'user', 'user_id'`,
      ],
      [
        'api_keys',
        changedUnlessTouched(
          ['revoked_at', 'expires_at', 'scopes', 'allow_listed', 'secret_hash'],
          'last_used_at',
        ),
        `'key', 'id'`,
      ],
      ['api_keys', 'DELETE ON %s FOR EACH ROW', `'key', 'id'`],
    ];
    for (const [i, [table, when, args]] of credentials.entries()) {
      await q.query(
        `CREATE TRIGGER ${table}_notify_credentials_${i} AFTER ${when.replace('%s', table)}
           EXECUTE FUNCTION notify_credentials_changed(${args})`,
      );
    }
    // TRUNCATE fires no row trigger: it says "everything" (payload `all`).
    await q.query(`
      CREATE FUNCTION notify_credentials_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('daicho_credentials', 'all');
        RETURN NULL;
      END $$`);
    for (const table of CREDENTIAL_TABLES) {
      await q.query(
        `CREATE TRIGGER ${table}_notify_truncated AFTER TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_truncated()`,
      );
    }
    for (const table of ['data_categories', 'purposes', 'storage_systems', 'recipients']) {
      await q.query(
        `CREATE TRIGGER ${table}_notify_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
           ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    const credentials = ['users', 'sessions', 'sessions', 'user_totp', 'api_keys', 'api_keys'];
    for (const [i, table] of credentials.entries()) {
      await q.query(`DROP TRIGGER ${table}_notify_credentials_${i} ON ${table}`);
    }
    for (const table of CREDENTIAL_TABLES) {
      await q.query(`DROP TRIGGER ${table}_notify_truncated ON ${table}`);
    }
    for (const table of ['data_categories', 'purposes', 'storage_systems', 'recipients']) {
      await q.query(`DROP TRIGGER ${table}_notify_catalog ON ${table}`);
    }
    await q.query(`DROP FUNCTION notify_credentials_changed()`);
    await q.query(`DROP FUNCTION notify_catalog_changed()`);
    await q.query(`DROP FUNCTION notify_credentials_truncated()`);
  }
}
