import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-offs:
 * - a provision rule names the catalog purpose it serves, so PROVIDE entries carry it (the
 *   policy's standing badge rule serves ENTRANCE_APPROVAL, §3.1);
 * - a consent belongs to the category of the person's record it was given for, so another
 *   department handling a second category of the rule does not see it (privacy policy §2);
 * - a consent's evidence is free text about a person: it is kept sealed under the person's data key
 *   (`evidence_sealed`), so erasure shreds it. Rows written before keep their text in `evidence`
 *   until the server seals them at start (the only later write to those two columns, and only
 *   once: a trigger refuses any other change).
 */
export class ProvisionTrust1764710000000 implements MigrationInterface {
  name = 'ProvisionTrust1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE provision_rules ADD COLUMN purpose_code text REFERENCES purposes (code)`,
    );
    await q.query(`UPDATE provision_rules SET purpose_code = 'ENTRANCE_APPROVAL'
                    WHERE code = 'EMPLOYEE_ENTRANCE_APPROVAL'
                      AND EXISTS (SELECT 1 FROM purposes WHERE code = 'ENTRANCE_APPROVAL')`);

    await q.query(
      `ALTER TABLE consents ADD COLUMN category_code text REFERENCES data_categories (code)`,
    );
    // The category the consent was recorded under: the person's first record in one of the
    // rule's categories (as recording chose it), else the rule's first category.
    await q.query(`
      UPDATE consents c SET category_code = coalesce(
        (SELECT r.category_code FROM personal_records r JOIN provision_rules p ON p.code = c.rule_code
          WHERE r.subject_id = c.subject_id AND r.category_code = ANY(p.category_codes)
          ORDER BY (r.status = 'ACTIVE') DESC, r.created_at LIMIT 1),
        (SELECT p.category_codes[1] FROM provision_rules p WHERE p.code = c.rule_code))`);
    await q.query(`ALTER TABLE consents ALTER COLUMN category_code SET NOT NULL`);

    await q.query(`ALTER TABLE consents ADD COLUMN evidence_sealed bytea`);
    await q.query(`ALTER TABLE consents ALTER COLUMN evidence DROP NOT NULL`);
    await q.query(`ALTER TABLE consents ADD CONSTRAINT consents_evidence_once
                     CHECK ((evidence IS NULL) <> (evidence_sealed IS NULL))`);
    await q.query(`
      CREATE FUNCTION consents_evidence_sealed_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.evidence IS DISTINCT FROM OLD.evidence OR NEW.evidence_sealed IS DISTINCT FROM OLD.evidence_sealed)
           AND NOT (OLD.evidence IS NOT NULL AND NEW.evidence IS NULL AND OLD.evidence_sealed IS NULL) THEN
          RAISE EXCEPTION 'a consent''s evidence is written once (sealing old clear text is the only change)';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`ALTER FUNCTION consents_evidence_sealed_once() OWNER TO daicho_owner`);
    await q.query(`CREATE TRIGGER consents_evidence_sealed_once BEFORE UPDATE ON consents
                     FOR EACH ROW EXECUTE FUNCTION consents_evidence_sealed_once()`);
    await q.query(`GRANT UPDATE (evidence, evidence_sealed) ON consents TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE (evidence, evidence_sealed) ON consents FROM daicho_app`);
    await q.query(`DROP TRIGGER consents_evidence_sealed_once ON consents`);
    await q.query(`DROP FUNCTION consents_evidence_sealed_once()`);
    await q.query(`ALTER TABLE consents DROP CONSTRAINT consents_evidence_once`);
    await q.query(`ALTER TABLE consents DROP COLUMN evidence_sealed`);
    await q.query(`ALTER TABLE consents DROP COLUMN category_code`);
    await q.query(`ALTER TABLE provision_rules DROP COLUMN purpose_code`);
  }
}
