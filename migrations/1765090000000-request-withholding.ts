import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A PARTIAL decision names what it holds back (APPI arts. 33(2), 34(2), 35: "all or part"):
 * whole categories and single items (`CATEGORY.itemKey`), kept with the decision for the
 * execution, the letters and the disclosure package to leave out. A SUSPENSION_OR_ERASURE
 * complied with fixes its measure here too, so the execution carries out what was decided.
 * Decisions recorded before hold nothing back; the requirement applies from now on (NOT VALID).
 */
export class RequestWithholding1765090000000 implements MigrationInterface {
  name = 'RequestWithholding1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions
      ADD COLUMN withheld_categories text[] NOT NULL DEFAULT '{}',
      ADD COLUMN withheld_items text[] NOT NULL DEFAULT '{}',
      ADD COLUMN measure text CHECK (measure IN ('SUSPEND_USE', 'ERASE')),
      ADD CONSTRAINT request_decisions_withheld_only_partial
        CHECK (outcome = 'PARTIAL' OR (cardinality(withheld_categories) = 0
                                       AND cardinality(withheld_items) = 0)),
      ADD CONSTRAINT request_decisions_no_measure_on_refusal
        CHECK (outcome <> 'REFUSE' OR measure IS NULL)`);
    await q.query(`ALTER TABLE request_decisions
      ADD CONSTRAINT request_decisions_partial_names_part
        CHECK (outcome <> 'PARTIAL' OR cardinality(withheld_categories) + cardinality(withheld_items) > 0)
        NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_decisions
      DROP CONSTRAINT request_decisions_partial_names_part,
      DROP CONSTRAINT request_decisions_no_measure_on_refusal,
      DROP CONSTRAINT request_decisions_withheld_only_partial,
      DROP COLUMN measure, DROP COLUMN withheld_items, DROP COLUMN withheld_categories`);
  }
}
