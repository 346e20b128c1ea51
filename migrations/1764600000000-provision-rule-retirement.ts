import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provision rule may be retired (no new hand-off under it); like a consent's withdrawal, the
 * end is the only later write the runtime role may make to it.
 */
export class ProvisionRuleRetirement1764600000000 implements MigrationInterface {
  name = 'ProvisionRuleRetirement1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT UPDATE (retired_at) ON provision_rules TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE (retired_at) ON provision_rules FROM daicho_app`);
  }
}
