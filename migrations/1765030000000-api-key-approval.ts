import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key whose scopes reach beyond its creator's own rights (an administrator may not report
 * accesses to personal data, yet `access-events:write` writes such entries into the ledger for
 * good) works only once the CPO, a second person, approves it: nobody raises their own rights.
 * Keys made before keep working (approved as of their creation); the ledger holds who made them.
 * The credentials notification now also fires on approval, so every server's cached refusal of a
 * waiting key goes at once.
 */
export class ApiKeyApproval1765030000000 implements MigrationInterface {
  name = 'ApiKeyApproval1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN approved_at timestamptz,
                     ADD COLUMN approved_by uuid REFERENCES users (id),
                     ADD CONSTRAINT api_keys_approved_by CHECK (approved_by IS NULL OR approved_at IS NOT NULL),
                     ADD CONSTRAINT api_keys_second_person CHECK (approved_by IS NULL OR approved_by <> created_by)`);
    await q.query(`UPDATE api_keys SET approved_at = created_at`);
    await q.query(`DROP TRIGGER api_keys_notify_credentials_4 ON api_keys`);
    await q.query(
      this.notifyTrigger([
        'revoked_at',
        'expires_at',
        'scopes',
        'allow_listed',
        'secret_hash',
        'approved_at',
      ]),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP TRIGGER api_keys_notify_credentials_4 ON api_keys`);
    await q.query(
      this.notifyTrigger(['revoked_at', 'expires_at', 'scopes', 'allow_listed', 'secret_hash']),
    );
    await q.query(`ALTER TABLE api_keys DROP COLUMN approved_by, DROP COLUMN approved_at`);
  }

  /** As 1764950000000 made it: any change of what a call checks; last_used_at moving on is none. */
  private notifyTrigger(columns: string[]): string {
    return `CREATE TRIGGER api_keys_notify_credentials_4
      AFTER UPDATE OF ${[...columns, 'last_used_at'].join(', ')} ON api_keys FOR EACH ROW
      WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')} OR NEW.last_used_at < OLD.last_used_at)
      EXECUTE FUNCTION notify_credentials_changed('key', 'id')`;
  }
}
