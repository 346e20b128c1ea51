import { Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { DomainEventType, ForbiddenError, LedgerAction, Outbox, plusYears } from '@daicho/platform';
import { PartyService } from '../party/party.service';
import { PartyKind, needsApproval, needsArt29Record } from '../provision-enums';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import { ProvisionRuleService } from '../rule/provision-rule.service';
import { coveredSubjects } from '../subject-coverage';
import { refuseStoppedProvision } from './stopped-provision';
import {
  consentsOn,
  insertHandOff,
  insertProvision,
  lockProvision,
  provisionBasis,
} from './provision-change-store';
import {
  activeRule,
  checkAddable,
  checkCorrection,
  checkHandOffShape,
  checkItems,
  checkRecipient,
  providableCategories,
  provideEntry,
  withConsents,
  type HandedSubject,
} from './provision-checks';
import { ProvisionReader } from './provision-reader';
import { statusOf } from './provision-store';
import type { HandOffInput, ProvisionModel, RecordProvisionInput } from './provision.dto';

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
    private readonly reader: ProvisionReader,
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
  ) {}

  async record(ctx: RequestContext, input: RecordProvisionInput): Promise<ProvisionModel> {
    const id = await ctx.transaction(async (tx) => {
      const rule = activeRule(await this.rules.find(tx, input.ruleCode), input.ruleCode);
      const party = await this.parties.get(tx, input.partyId, PartyKind.THIRD_PARTY, 'partyId');
      checkRecipient(rule, party);
      checkItems(rule, input.items);
      const correctsId = checkCorrection(input);
      if (correctsId) await this.reader.assertReadable(tx, correctsId, 'correct Provision');
      const subjects = await this.checkHandOff(tx, rule, input.handOff, 'handOff');
      const provisionId = await insertProvision(tx, {
        ruleCode: rule.code,
        partyId: party.id,
        route: rule.route,
        art29Required: needsArt29Record(rule.route),
        recipient: {
          name: party.name,
          address: party.address,
          representative: party.representative,
          country: party.country,
          abroad: party.abroad,
        },
        categoryCodes: [...new Set(subjects.map((s) => s.categoryCode))].sort(),
        items: input.items,
        purposeAtRecipient: input.purposeAtRecipient ?? rule.purpose_at_recipient.ja,
        collective: input.collective,
        correctsId: correctsId ?? null,
        correctionNote: input.correctionNote ?? null,
        retainUntil: plusYears(input.handOff.handedOn, rule.record_retention_years),
      });
      const handOffId = await insertHandOff(tx, provisionId, input.handOff, subjects);
      if (needsApproval(rule.route)) {
        await this.ledger.append(tx, {
          action: LedgerAction.PROVIDE_REQUESTED,
          targetType: 'Provision',
          targetId: provisionId,
          purposeCode: rule.purpose_code ?? undefined,
          fields: input.items,
          details: { route: rule.route, subjects: subjects.length, party: party.id },
        });
      } else {
        await this.provideEntries(
          tx,
          rule,
          provisionId,
          handOffId,
          input.items,
          party.id,
          subjects,
        );
      }
      await this.outbox.publish(tx.manager, DomainEventType.PROVISION_RECORDED, {
        provisionId,
        handOffId,
        ruleCode: rule.code,
        route: rule.route,
        partyId: party.id,
        subjects: subjects.length,
        awaitingApproval: needsApproval(rule.route),
        correctsId: correctsId ?? null,
      });
      return provisionId;
    });
    return this.reader.returned(ctx, id);
  }

  /** Another hand-off under a collective record: same rule and recipient, checked the same way. */
  async addHandOff(
    ctx: RequestContext,
    provisionId: string,
    handOff: HandOffInput,
  ): Promise<ProvisionModel> {
    await ctx.transaction(async (tx) => {
      await lockProvision(tx, provisionId);
      await this.reader.assertReadable(tx, provisionId, 'add HandOff');
      const provision = await provisionBasis(tx, provisionId);
      checkAddable(
        provisionId,
        provision.collective,
        statusOf(provision.route, provision.decision),
      );
      const rule = activeRule(await this.rules.find(tx, provision.rule_code), provision.rule_code);
      const subjects = await this.checkHandOff(tx, rule, handOff, 'handOff');
      const handOffId = await insertHandOff(tx, provisionId, handOff, subjects);
      await this.provideEntries(
        tx,
        rule,
        provisionId,
        handOffId,
        provision.items,
        provision.party_id,
        subjects,
      );
      await this.outbox.publish(tx.manager, DomainEventType.PROVISION_RECORDED, {
        provisionId,
        handOffId,
        ruleCode: rule.code,
        route: rule.route,
        partyId: provision.party_id,
        subjects: subjects.length,
        awaitingApproval: false,
        correctsId: null,
      });
    });
    return this.reader.returned(ctx, provisionId);
  }

  /**
   * A hand-off must use one of the rule's methods, name subjects the rule covers, come from a role
   * that may provide their categories, and — on the consent route — have every person's consent.
   */
  private async checkHandOff(
    ctx: RequestContext,
    rule: ProvisionRuleRow,
    handOff: HandOffInput,
    field: string,
  ): Promise<HandedSubject[]> {
    checkHandOffShape(rule, handOff, field);
    // Only the rule's categories the role may provide: a person held in another department's
    // category answers as one the rule does not cover (no oracle on who is held where).
    const categories = providableCategories(ctx, rule);
    if (!categories.length) {
      throw await recordDenial(
        ctx,
        { operation: 'create Provision', type: 'Provision', categoryCode: rule.category_codes[0] },
        new ForbiddenError(
          `Your role (${ctx.role}) may not provide ${rule.category_codes.join(', ')} data.`,
        ),
      );
    }
    const subjects = await coveredSubjects(
      ctx,
      handOff.subjectIds,
      categories,
      `${field}.subjectIds`,
    );
    await refuseStoppedProvision(ctx, rule, subjects, `${field}.subjectIds`);
    if (!needsArt29Record(rule.route)) return subjects.map((s) => ({ ...s, consentId: null }));
    const consentOf = await consentsOn(ctx, rule.code, handOff.subjectIds, handOff.handedOn);
    return withConsents(rule, handOff, subjects, consentOf, field);
  }

  private async provideEntries(
    ctx: RequestContext,
    rule: ProvisionRuleRow,
    provisionId: string,
    handOffId: string,
    items: string[],
    partyId: string,
    subjects: readonly HandedSubject[],
  ): Promise<void> {
    await this.ledger.appendMany(
      ctx,
      subjects.map((s) =>
        provideEntry(provisionId, handOffId, items, partyId, rule.purpose_code, s),
      ),
    );
  }
}
