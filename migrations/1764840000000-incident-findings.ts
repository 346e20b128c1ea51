import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients as catalog recipients, and two facts an investigation establishes about an incident: that no personal data was affected
 * after all (then Rule 7 has nothing to count, and the incident may close with no scope), and
 * corrections of when the company became aware, the cause and the wrongful purpose (the report
 * clocks run again from the corrected facts). Causes that are wrongful by nature (PPC guidelines
 * 3-5-3-1: unauthorised access, theft by an insider, ransomware) carry the wrongful purpose.
 */
export class IncidentFindings1764840000000 implements MigrationInterface {
  name = 'IncidentFindings1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN no_personal_data_found_on date`);
    // A client that entrusted its data to the company (the company is its contractor): the one
    // a request about that data is referred to and an incident affecting it is notified to.
    await q.query(`ALTER TABLE recipients DROP CONSTRAINT recipients_kind_check,
                     ADD CONSTRAINT recipients_kind_check
                     CHECK (kind IN ('CONTRACTOR','THIRD_PARTY','CLIENT'))`);
    await q.query(`ALTER TABLE incidents ADD CONSTRAINT incidents_wrongful_cause
                     CHECK (wrongful_purpose OR cause NOT IN ('UNAUTHORIZED_ACCESS','INSIDER_MISUSE','MALWARE'))`);
    await q.query(`GRANT UPDATE (no_personal_data_found_on, aware_at, cause, wrongful_purpose,
                     preliminary_due_on, preliminary_overdue_on, final_due_on) ON incidents TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recipients DROP CONSTRAINT recipients_kind_check,
                     ADD CONSTRAINT recipients_kind_check CHECK (kind IN ('CONTRACTOR','THIRD_PARTY'))`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_wrongful_cause`);
    await q.query(`ALTER TABLE incidents DROP COLUMN no_personal_data_found_on`);
  }
}
