import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login and MFA throttle counters shared by every server (rate-limiter-flexible's PostgreSQL
 * store, its own table layout): a budget holds however many servers answer behind the load
 * balancer. Keys are SHA-256 digests, never an address or an e-mail.
 */
export class LoginThrottle1764900000000 implements MigrationInterface {
  name = 'LoginThrottle1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE login_throttle (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`ALTER TABLE login_throttle OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP TABLE login_throttle`);
  }
}
