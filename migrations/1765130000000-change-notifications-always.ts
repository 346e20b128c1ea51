import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The triggers of ChangeNotifications1764950000000, by table. */
const NOTIFY_TRIGGERS: [table: string, trigger: string][] = [
  ...['users', 'sessions', 'sessions', 'user_totp', 'api_keys', 'api_keys'].map(
    (table, i): [string, string] => [table, `${table}_notify_credentials_${i}`],
  ),
  ...['users', 'sessions', 'user_totp', 'api_keys'].map((table): [string, string] => [
    table,
    `${table}_notify_truncated`,
  ]),
  ...['data_categories', 'purposes', 'storage_systems', 'recipients'].map(
    (table): [string, string] => [table, `${table}_notify_catalog`],
  ),
];

/**
 * The change notifications fire in every session, as the ledger's own triggers do: an ordinary
 * trigger is skipped under `session_replication_role = replica` (a restore, logical replication,
 * an operator's hand-written fix), and the servers would then go on answering from copies of a
 * session, a key or the catalog the change ended, until they age out.
 */
export class ChangeNotificationsAlways1765130000000 implements MigrationInterface {
  name = 'ChangeNotificationsAlways1765130000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, trigger] of NOTIFY_TRIGGERS) {
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${trigger}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, trigger] of NOTIFY_TRIGGERS) {
      await q.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    }
  }
}
