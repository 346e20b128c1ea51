import { Injectable } from '@nestjs/common';
import {
  assertAllowed,
  policySubject,
  rulesToSql,
  type RequestContext,
  type SqlColumn,
} from '@daicho/access';
import { Ledger, type LedgerEntryInput } from '@daicho/ledger';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  LedgerAction,
} from '@daicho/platform';
import { DataSource } from 'typeorm';
import { calendarDate, plusYears } from '../calendar-date';
import { PartyService } from '../party/party.service';
import { PartyKind, ProvisionStatus, needsApproval, needsArt29Record } from '../provision-enums';
import { refusal } from '../refusal';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import { ProvisionRuleService } from '../rule/provision-rule.service';
import { coveredSubjects, type CoveredSubject } from '../subject-coverage';
import type {
  DecideProvisionInput,
  HandOffInput,
  ProvisionModel,
  RecordProvisionInput,
} from './provision.dto';
import { loadProvisions, statusOf } from './provision-store';

const PROVISION_COLUMNS: Record<string, SqlColumn> = {
  createdBy: { column: 'p.created_by', type: 'text', nullable: false },
};

/**
 * Provision to third parties (APPI arts. 27–29): each hand-off is checked against its rule (items,
 * method, categories), the role, and — on the consent route — every person's consent; the record
 * keeps what art. 29 lists and is never changed (a correction is a new record). Each person handed
 * over gets a PROVIDE ledger entry in the same transaction; on the exception routes that happens
 * when the CPO approves, since only then does the hand-off count as done.
 */
@Injectable()
export class ProvisionService {
  constructor(
    private readonly rules: ProvisionRuleService,
    private readonly parties: PartyService,
    private readonly ledger: Ledger,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {}

  async record(ctx: RequestContext, input: RecordProvisionInput): Promise<ProvisionModel> {
    const id = await ctx.transaction(async (tx) => {
      const rule = await this.activeRule(tx, input.ruleCode);
      const party = await this.parties.get(tx, input.partyId, PartyKind.THIRD_PARTY, 'partyId');
      if (party.recipient_code !== rule.recipient_code) {
        throw new BadUserInputError(
          `Party ${party.id} is not a ${rule.recipient_code} recipient, which rule ${rule.code} is for.`,
          ['partyId'],
        );
      }
      const outside = input.items.find((item) => !rule.items.includes(item));
      if (outside) {
        throw new BadUserInputError(
          `${outside} is not an item rule ${rule.code} allows (${rule.items.join(', ')}); nothing was recorded.`,
          ['items'],
        );
      }
      if (new Set(input.items).size !== input.items.length) {
        throw new BadUserInputError('items names an item twice.', ['items']);
      }
      if (input.correctsId) {
        if (!input.correctionNote) {
          throw new BadUserInputError('A correction needs a correctionNote.', ['correctionNote']);
        }
        await this.readable(ctx, tx, input.correctsId, 'correct Provision');
      } else if (input.correctionNote) {
        throw new BadUserInputError('correctionNote belongs to a correction (correctsId).', [
          'correctionNote',
        ]);
      }
      const subjects = await this.checkHandOff(ctx, tx, rule, input.handOff, 'handOff');
      const [row] = await tx.manager.query<{ id: string }[]>(
        `INSERT INTO provisions (rule_code, party_id, route, art29_required, recipient, category_codes,
                                 items, purpose_at_recipient, collective, corrects_id, correction_note,
                                 retain_until, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          rule.code,
          party.id,
          rule.route,
          needsArt29Record(rule.route),
          JSON.stringify({
            name: party.name,
            address: party.address,
            representative: party.representative,
            country: party.country,
            abroad: party.abroad,
          }),
          [...new Set(subjects.map((s) => s.categoryCode))].sort(),
          input.items,
          input.purposeAtRecipient ?? rule.purpose_at_recipient.ja,
          input.collective,
          input.correctsId ?? null,
          input.correctionNote ?? null,
          plusYears(input.handOff.handedOn, rule.record_retention_years),
          ctx.actor.id,
        ],
      );
      const handOffId = await this.insertHandOff(ctx, tx, row.id, input.handOff, subjects);
      if (needsApproval(rule.route)) {
        await this.ledger.append(tx, {
          action: LedgerAction.PROVIDE_REQUESTED,
          targetType: 'Provision',
          targetId: row.id,
          purposeCode: rule.purpose_code ?? undefined,
          fields: input.items,
          details: { route: rule.route, subjects: subjects.length, party: party.id },
        });
      } else {
        await this.provideEntries(tx, rule, row.id, handOffId, input.items, party.id, subjects);
      }
      return row.id;
    });
    return this.returned(ctx, id);
  }

  /** Another hand-off under a collective record: same rule and recipient, checked the same way. */
  async addHandOff(
    ctx: RequestContext,
    provisionId: string,
    handOff: HandOffInput,
  ): Promise<ProvisionModel> {
    await ctx.transaction(async (tx) => {
      await lockProvision(tx, provisionId);
      await this.readable(ctx, tx, provisionId, 'add HandOff');
      const [provision] = await tx.manager.query<
        {
          rule_code: string;
          party_id: string;
          collective: boolean;
          items: string[];
          route: ProvisionRuleRow['route'];
          decision: string | null;
        }[]
      >(
        `SELECT p.rule_code, p.party_id, p.collective, p.items, p.route, a.decision
           FROM provisions p LEFT JOIN provision_approvals a ON a.provision_id = p.id
          WHERE p.id = $1`,
        [provisionId],
      );
      if (!provision.collective) {
        throw new ConflictError(
          `Provision ${provisionId} is not a collective record; record a new provision instead.`,
        );
      }
      const status = statusOf(provision.route, provision.decision);
      if (status === ProvisionStatus.PENDING_APPROVAL || status === ProvisionStatus.REJECTED) {
        throw new ConflictError(`Provision ${provisionId} is ${status}; no hand-off may be added.`);
      }
      const rule = await this.activeRule(tx, provision.rule_code);
      const subjects = await this.checkHandOff(ctx, tx, rule, handOff, 'handOff');
      const handOffId = await this.insertHandOff(ctx, tx, provisionId, handOff, subjects);
      await this.provideEntries(
        tx,
        rule,
        provisionId,
        handOffId,
        provision.items,
        provision.party_id,
        subjects,
      );
    });
    return this.returned(ctx, provisionId);
  }

  /** The CPO decides an exception-route provision; approval makes its hand-offs count (PROVIDE). */
  async decide(ctx: RequestContext, input: DecideProvisionInput): Promise<ProvisionModel> {
    // The guard's @Policy is not the only gate (ARCHITECTURE.md §2): only the CPO decides.
    await assertAllowed(ctx, 'update', 'Provision');
    await ctx.transaction(async (tx) => {
      await lockProvision(tx, input.provisionId);
      await this.readable(ctx, tx, input.provisionId, 'decide Provision');
      const [provision] = await tx.manager.query<
        {
          route: ProvisionRuleRow['route'];
          items: string[];
          party_id: string;
          purpose_code: string | null;
        }[]
      >(
        `SELECT p.route, p.items, p.party_id, r.purpose_code
           FROM provisions p JOIN provision_rules r ON r.code = p.rule_code WHERE p.id = $1`,
        [input.provisionId],
      );
      if (!needsApproval(provision.route)) {
        throw new ConflictError(
          `Provision ${input.provisionId} rests on consent; it needs no approval.`,
        );
      }
      const decided = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM provision_approvals WHERE provision_id = $1`,
        [input.provisionId],
      );
      if (decided.length) throw new ConflictError(`Provision ${input.provisionId} was decided.`);
      await tx.manager.query(
        `INSERT INTO provision_approvals (provision_id, decision, note, decided_by) VALUES ($1, $2, $3, $4)`,
        [input.provisionId, input.decision, input.note, ctx.actor.id],
      );
      await this.ledger.append(tx, {
        action: input.decision === 'APPROVED' ? LedgerAction.APPROVE : LedgerAction.REJECT,
        targetType: 'Provision',
        targetId: input.provisionId,
        details: { route: provision.route },
      });
      if (input.decision === 'APPROVED') {
        const handed = await tx.manager.query<
          { hand_off_id: string; subject_id: string; category_code: string }[]
        >(
          `SELECT s.hand_off_id, s.subject_id, s.category_code FROM provision_subjects s
             JOIN hand_offs h ON h.id = s.hand_off_id WHERE h.provision_id = $1`,
          [input.provisionId],
        );
        await this.ledger.appendMany(
          tx,
          handed.map((s) =>
            provideEntry(
              input.provisionId,
              s.hand_off_id,
              provision.items,
              provision.party_id,
              provision.purpose_code,
              { subjectId: s.subject_id, categoryCode: s.category_code },
            ),
          ),
        );
      }
    });
    return this.returned(ctx, input.provisionId);
  }

  /** One record, for a role that may read it (others: NOT_FOUND, as if it did not exist). */
  async get(ctx: RequestContext, id: string): Promise<ProvisionModel> {
    return ctx.transaction(async (tx) => {
      const [found] = await loadProvisions(tx.manager, [id]);
      if (
        !found ||
        !ctx.ability.can('read', policySubject('Provision', { createdBy: found.createdBy }))
      ) {
        throw notFound(id);
      }
      await this.recordRead(tx, [found]);
      return found;
    });
  }

  /** Records whose hand-offs fall in the range, newest first; the role's rules are in the SQL. */
  async list(
    ctx: RequestContext,
    range: { from?: string; to?: string },
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<{ nodes: ProvisionModel[]; hasNextPage: boolean }> {
    const where = rulesToSql(ctx.ability, 'read', 'Provision', PROVISION_COLUMNS);
    if (!where) throw new ForbiddenError(`Your role (${ctx.role}) may not read provisions.`);
    const values = [...where.values];
    const add = (value: unknown) => `$${values.push(value)}`;
    const clauses = [where.text];
    if (range.from || range.to) {
      clauses.push(`EXISTS (SELECT 1 FROM hand_offs h WHERE h.provision_id = p.id
        AND h.handed_on >= ${add(range.from ?? '0001-01-01')}::date
        AND h.handed_on <= ${add(range.to ?? '9999-12-31')}::date)`);
    }
    if (page.after) {
      clauses.push(
        `(p.created_at, p.id) < (${add(page.after.createdAt)}::timestamptz, ${add(page.after.id)}::uuid)`,
      );
    }
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<{ id: string }[]>(
        `SELECT p.id FROM provisions p WHERE ${clauses.join(' AND ')}
          ORDER BY p.created_at DESC, p.id DESC LIMIT ${add(page.first + 1)}`,
        values,
      );
      const nodes = await loadProvisions(
        tx.manager,
        rows.slice(0, page.first).map((r) => r.id),
      );
      await this.recordRead(tx, nodes);
      return { nodes, hasNextPage: rows.length > page.first };
    });
  }

  /**
   * A provision id from the caller is an access decision: a record the caller may not read answers
   * exactly as a missing one (NOT_FOUND, same message), so ids cannot be probed; the attempt is a
   * DENIED entry of its own.
   */
  private async readable(
    ctx: RequestContext,
    tx: RequestContext,
    id: string,
    operation: string,
  ): Promise<void> {
    const [row] = await tx.manager.query<{ created_by: string }[]>(
      `SELECT created_by FROM provisions WHERE id = $1`,
      [id],
    );
    if (row && ctx.ability.can('read', policySubject('Provision', { createdBy: row.created_by })))
      return;
    throw await refusal(
      this.ledger,
      this.dataSource,
      ctx,
      { type: 'Provision', id },
      operation,
      notFound(id),
    );
  }

  /** The record a change returns, read back with its READ entry (it names persons too). */
  private async returned(ctx: RequestContext, id: string): Promise<ProvisionModel> {
    return ctx.transaction(async (tx) => {
      const [found] = await loadProvisions(tx.manager, [id]);
      await this.recordRead(tx, [found]);
      return found;
    });
  }

  /**
   * A look at provision records is a READ entry per record (they name persons, pseudonymously,
   * and what of theirs went where), in the same transaction as the read.
   */
  private async recordRead(tx: RequestContext, records: ProvisionModel[]): Promise<void> {
    await this.ledger.appendMany(
      tx,
      records.map((p) => ({
        action: LedgerAction.READ,
        targetType: 'Provision',
        targetId: p.id,
        fields: p.items,
        details: { subjects: p.handOffs.reduce((n, h) => n + h.subjectIds.length, 0) },
      })),
    );
  }

  private async activeRule(tx: RequestContext, code: string): Promise<ProvisionRuleRow> {
    const rule = await this.rules.get(tx, code).catch(() => {
      throw new BadUserInputError(`There is no provision rule ${code}.`, ['ruleCode']);
    });
    if (rule.retired_at)
      throw new BadUserInputError(`Provision rule ${code} is retired.`, ['ruleCode']);
    return rule;
  }

  /**
   * A hand-off must use one of the rule's methods, name subjects the rule covers, come from a role
   * that may provide their categories, and — on the consent route — have every person's consent.
   */
  private async checkHandOff(
    ctx: RequestContext,
    tx: RequestContext,
    rule: ProvisionRuleRow,
    handOff: HandOffInput,
    field: string,
  ): Promise<(CoveredSubject & { consentId: string | null })[]> {
    calendarDate(handOff.handedOn, `${field}.handedOn`);
    if (!rule.methods.includes(handOff.method)) {
      throw new BadUserInputError(
        `Rule ${rule.code} allows ${rule.methods.join(', ')}, not ${handOff.method}.`,
        [`${field}.method`],
      );
    }
    // Only the rule's categories the role may provide: a person held in another department's
    // category answers as one the rule does not cover (no oracle on who is held where).
    const categories = rule.category_codes.filter((categoryCode) =>
      ctx.ability.can('create', policySubject('Provision', { categoryCode })),
    );
    if (!categories.length) {
      throw await refusal(
        this.ledger,
        this.dataSource,
        ctx,
        { type: 'Provision', categoryCode: rule.category_codes[0] },
        'create Provision',
        new ForbiddenError(
          `Your role (${ctx.role}) may not provide ${rule.category_codes.join(', ')} data.`,
        ),
      );
    }
    const subjects = await coveredSubjects(
      tx,
      handOff.subjectIds,
      categories,
      `${field}.subjectIds`,
    );
    if (!needsArt29Record(rule.route)) return subjects.map((s) => ({ ...s, consentId: null }));
    const consents = await tx.manager.query<{ subject_id: string; id: string }[]>(
      `SELECT DISTINCT ON (subject_id) subject_id, id FROM consents
        WHERE rule_code = $1 AND subject_id = ANY($2::uuid[]) AND withdrawn_at IS NULL
          AND given_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
        ORDER BY subject_id, given_at DESC`,
      [rule.code, handOff.subjectIds, handOff.handedOn],
    );
    const consentOf = new Map(consents.map((c) => [c.subject_id, c.id]));
    return subjects.map((s, index) => {
      const consentId = consentOf.get(s.subjectId);
      if (!consentId) {
        throw new BadUserInputError(
          `${field}.subjectIds[${index}] has no consent to ${rule.code} on record for ${handOff.handedOn}; nothing was recorded.`,
          [`${field}.subjectIds.${index}`],
        );
      }
      return { ...s, consentId };
    });
  }

  private async insertHandOff(
    ctx: RequestContext,
    tx: RequestContext,
    provisionId: string,
    handOff: HandOffInput,
    subjects: (CoveredSubject & { consentId: string | null })[],
  ): Promise<string> {
    const [row] = await tx.manager.query<{ id: string }[]>(
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
    await tx.manager.query(
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

  private async provideEntries(
    tx: RequestContext,
    rule: ProvisionRuleRow,
    provisionId: string,
    handOffId: string,
    items: string[],
    partyId: string,
    subjects: CoveredSubject[],
  ): Promise<void> {
    await this.ledger.appendMany(
      tx,
      subjects.map((s) =>
        provideEntry(provisionId, handOffId, items, partyId, rule.purpose_code, s),
      ),
    );
  }
}

/** One answer for a provision that is missing or not the caller's to read. */
function notFound(id: string): NotFoundError {
  return new NotFoundError(`There is no provision ${id} you may read.`);
}

/**
 * Serialises changes around one provision record (a decision, added hand-offs). The records are
 * insert-only for the runtime role, which therefore cannot take row locks on them.
 */
async function lockProvision(tx: RequestContext, id: string): Promise<void> {
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [id]);
}

/** One person handed over: a PROVIDE entry (who, which items, to whom; never the values). */
function provideEntry(
  provisionId: string,
  handOffId: string,
  items: string[],
  partyId: string,
  purposeCode: string | null,
  s: CoveredSubject,
): LedgerEntryInput {
  return {
    action: LedgerAction.PROVIDE,
    targetType: 'Provision',
    targetId: provisionId,
    subjectId: s.subjectId,
    categoryCode: s.categoryCode,
    // The catalog purpose the rule serves (APPI art. 17: the use is tied to a stated purpose).
    purposeCode: purposeCode ?? undefined,
    fields: items,
    details: { handOff: handOffId, party: partyId },
  };
}
