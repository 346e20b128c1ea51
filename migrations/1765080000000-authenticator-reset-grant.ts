import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = ['CREATION', 'ROLE_CHANGE', 'PASSWORD_RESET', 'BOOTSTRAP'];

/**
 * Removing an administrator's or the CPO's authenticator waits for a second person, as a reset
 * of their password does: an access grant of its own kind, MFA_RESET.
 */
export class AuthenticatorResetGrant1765080000000 implements MigrationInterface {
  name = 'AuthenticatorResetGrant1765080000000';

  async up(q: QueryRunner): Promise<void> {
    await this.allow(q, [...KINDS, 'MFA_RESET']);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.allow(q, KINDS);
  }

  private async allow(q: QueryRunner, kinds: string[]): Promise<void> {
    await q.query(`ALTER TABLE access_grants DROP CONSTRAINT access_grants_kind_check`);
    await q.query(`ALTER TABLE access_grants ADD CONSTRAINT access_grants_kind_check
      CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
  }
}
