import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A withdrawn consent's count of hand-offs made on or after its withdrawal (CONSENT_SELECT, the
 * CONSENT_WITHDRAWN entry) looks up the hand-offs that relied on it: by consent, not by person.
 * Only consent-route hand-offs name one, so the index holds those rows alone.
 */
export class ProvisionSubjectsConsentIndex1765100000000 implements MigrationInterface {
  name = 'ProvisionSubjectsConsentIndex1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX provision_subjects_consent_idx ON provision_subjects (consent_id)
      WHERE consent_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX provision_subjects_consent_idx`);
  }
}
