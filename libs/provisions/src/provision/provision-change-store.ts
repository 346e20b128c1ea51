import type { RequestContext } from '@daicho/access';
import { JAPAN_TIME_ZONE } from '@daicho/platform';
import type { ProvisionRoute } from '../provision-enums';
import type { HandedSubject } from './provision-checks';
import type { HandOffInput, ProvisionModel } from './provision.dto';

/**
 * What the changes to provision records read and write (the same one way as the store: raw SQL,
 * numbered parameters, a typed row per query, the context first).
 */

/**
 * Serialises changes around one provision record (a decision, added hand-offs). The records are
 * insert-only for the runtime role, which therefore cannot take row locks on them.
 */
export async function lockProvision(ctx: RequestContext, id: string): Promise<void> {
  await ctx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [id]);
}

/** What a change to a record builds on: its rule, party, items, route and any decision. */
export interface ProvisionBasis {
  rule_code: string;
  party_id: string;
  collective: boolean;
  items: string[];
  route: ProvisionRoute;
  purpose_code: string | null;
  decision: string | null;
}

export async function provisionBasis(ctx: RequestContext, id: string): Promise<ProvisionBasis> {
  const [row] = await ctx.manager.query<ProvisionBasis[]>(
    `SELECT p.rule_code, p.party_id, p.collective, p.items, p.route, r.purpose_code, a.decision
       FROM provisions p JOIN provision_rules r ON r.code = p.rule_code
       LEFT JOIN provision_approvals a ON a.provision_id = p.id
      WHERE p.id = $1`,
    [id],
  );
  if (!row) throw new Error(`Provision ${id} vanished under its lock.`);
  return row;
}

/** The record's columns as written once (APPI art. 29: the record is never changed). */
export interface NewProvision {
  ruleCode: string;
  partyId: string;
  route: ProvisionRoute;
  art29Required: boolean;
  recipient: ProvisionModel['recipient'];
  categoryCodes: string[];
  items: string[];
  purposeAtRecipient: string;
  collective: boolean;
  correctsId: string | null;
  correctionNote: string | null;
  retainUntil: string;
}

export async function insertProvision(ctx: RequestContext, p: NewProvision): Promise<string> {
  const [row] = await ctx.manager.query<{ id: string }[]>(
    `INSERT INTO provisions (rule_code, party_id, route, art29_required, recipient, category_codes,
                             items, purpose_at_recipient, collective, corrects_id, correction_note,
                             retain_until, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      p.ruleCode,
      p.partyId,
      p.route,
      p.art29Required,
      JSON.stringify(p.recipient),
      p.categoryCodes,
      p.items,
      p.purposeAtRecipient,
      p.collective,
      p.correctsId,
      p.correctionNote,
      p.retainUntil,
      ctx.actor.id,
    ],
  );
  if (!row) throw new Error('INSERT … RETURNING answered no row.');
  return row.id;
}

/** A hand-off and the persons handed over in it; answers the hand-off's id. */
export async function insertHandOff(
  ctx: RequestContext,
  provisionId: string,
  handOff: HandOffInput,
  subjects: readonly HandedSubject[],
): Promise<string> {
  const [row] = await ctx.manager.query<{ id: string }[]>(
    `INSERT INTO hand_offs (provision_id, handed_on, method, person_in_charge, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      provisionId,
      handOff.handedOn,
      handOff.method,
      handOff.personInCharge ?? ctx.actor.id,
      ctx.actor.id,
    ],
  );
  if (!row) throw new Error('INSERT … RETURNING answered no row.');
  await ctx.manager.query(
    `INSERT INTO provision_subjects (hand_off_id, subject_id, category_code, consent_id)
     SELECT $1, s.subject_id, s.category_code, s.consent_id
       FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS s(subject_id, category_code, consent_id)`,
    [
      row.id,
      subjects.map((s) => s.subjectId),
      subjects.map((s) => s.categoryCode),
      subjects.map((s) => s.consentId),
    ],
  );
  return row.id;
}

/**
 * Each person's latest consent to the rule, given by the end of `handedOn` in Japan, not
 * withdrawn, locked for share until the hand-off commits: a withdrawal (which locks the consent
 * for update) waits for it, or is seen by it and the person is not covered.
 */
export async function consentsOn(
  ctx: RequestContext,
  ruleCode: string,
  subjectIds: readonly string[],
  handedOn: string,
): Promise<Map<string, string>> {
  // FOR SHARE takes no DISTINCT: the latest consents are picked first, then locked; the outer
  // condition is checked again on the locked row (a withdrawal committed meanwhile drops it).
  const rows = await ctx.manager.query<{ subject_id: string; id: string }[]>(
    `SELECT c.subject_id, c.id FROM consents c
      WHERE c.id IN (SELECT DISTINCT ON (subject_id) id FROM consents
                      WHERE rule_code = $1 AND subject_id = ANY($2::uuid[]) AND withdrawn_at IS NULL
                        AND given_at < ($3::date + 1)::timestamp AT TIME ZONE $4
                      ORDER BY subject_id, given_at DESC)
        AND c.withdrawn_at IS NULL
      ORDER BY c.id
      FOR SHARE OF c`,
    [ruleCode, subjectIds, handedOn, JAPAN_TIME_ZONE],
  );
  return new Map(rows.map((c) => [c.subject_id, c.id]));
}

export async function isDecided(ctx: RequestContext, provisionId: string): Promise<boolean> {
  const rows = await ctx.manager.query<unknown[]>(
    `SELECT 1 FROM provision_approvals WHERE provision_id = $1`,
    [provisionId],
  );
  return rows.length > 0;
}

export async function insertApproval(
  ctx: RequestContext,
  provisionId: string,
  decision: string,
  note: string,
): Promise<void> {
  await ctx.manager.query(
    `INSERT INTO provision_approvals (provision_id, decision, note, decided_by) VALUES ($1, $2, $3, $4)`,
    [provisionId, decision, note, ctx.actor.id],
  );
}

/**
 * Everyone handed over under the record, with the hand-off and the category they were held in,
 * in the order the record shows them (hand-offs by date, persons by id).
 */
export async function handedSubjects(
  ctx: RequestContext,
  provisionId: string,
): Promise<{ hand_off_id: string; subject_id: string; category_code: string }[]> {
  return ctx.manager.query(
    `SELECT s.hand_off_id, s.subject_id, s.category_code FROM provision_subjects s
       JOIN hand_offs h ON h.id = s.hand_off_id WHERE h.provision_id = $1
      ORDER BY h.handed_on, h.created_at, s.subject_id`,
    [provisionId],
  );
}
