import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, lockSubjectsShared } from '@daicho/holdings';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  LedgerAction,
  todayInJapan,
  isUuid,
} from '@daicho/platform';
import type { ClientInstructionInput, RouteRequestInput } from './request.inputs';
import { REQUESTER_CATEGORY } from './request-intake.service';
import type { RequestRow } from './request-row';
import { RequestSteps } from './request-steps.service';
import { sealRequestText } from './request-texts';

/**
 * Who the request is about (after findSubjects) and, for a client's entrusted data, the
 * referral to the client and its instruction (policy §5: entrusted data is not the company's
 * retained data; the client's instruction is followed).
 */
@Injectable()
export class RequestMatching {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly steps: RequestSteps,
  ) {}

  async match(ctx: RequestContext, id: string, given: readonly string[]): Promise<RequestRow> {
    // Ids compare as PostgreSQL writes them (lower case): an upper-case id once matched no one
    // held, steering the answer towards "we hold nothing about you".
    const subjectIds = given.map((s) => s.toLowerCase());
    const malformed = subjectIds.findIndex((s) => !isUuid(s));
    if (malformed >= 0 || subjectIds.length === 0 || subjectIds.length > 100)
      throw new BadUserInputError(
        malformed >= 0
          ? `subjectIds[${malformed}] is not a data subject id (UUID).`
          : 'subjectIds names 1 to 100 persons.',
        [malformed >= 0 ? `subjectIds.${malformed}` : 'subjectIds'],
      );
    const unique = [...new Set(subjectIds)];
    if (unique.length !== subjectIds.length)
      throw new BadUserInputError('subjectIds names a person twice.', ['subjectIds']);
    return ctx.transaction(async (tx) => {
      const row = await this.steps.openRequest(tx, id, 'match persons to');
      // Lock first (in id order, as every locker of persons does), then look: a lock waited for
      // in the same statement would leave it reading the rows as they were before the wait.
      await lockSubjectsShared(tx, unique);
      const held = await tx.manager.query<{ id: string }[]>(
        `SELECT s.id FROM data_subjects s
          WHERE s.id = ANY($1::uuid[]) AND s.erased_at IS NULL AND s.id <> $2
            AND EXISTS (SELECT 1 FROM personal_records p WHERE p.subject_id = s.id
                          AND p.status = 'ACTIVE' AND p.category_code <> $3)`,
        [unique, row.requester_subject_id, REQUESTER_CATEGORY],
      );
      const missing = unique.findIndex((s) => !held.some((h) => h.id === s));
      if (missing >= 0) {
        throw new BadUserInputError(
          `subjectIds[${missing}] is not a person held with an active record (erased, unknown, or the requester's own request record).`,
          [`subjectIds.${missing}`],
        );
      }
      const added = await tx.manager.query<{ subject_id: string }[]>(
        `INSERT INTO request_subjects (request_id, subject_id, matched_by)
         SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING subject_id`,
        [id, unique, tx.actor.id ?? tx.actor.kind],
      );
      for (const { subject_id: subjectId } of added) {
        await this.steps.entry(
          tx,
          { ...row, requester_subject_id: subjectId },
          LedgerAction.SUBJECT_MATCHED,
          {
            request: row.id,
          },
        );
      }
      await this.steps.hold(tx, unique, row);
      return row;
    });
  }

  async routeToClient(ctx: RequestContext, id: string, input: RouteRequestInput) {
    const sentOn = calendarDate(input.sentOn, 'sentOn');
    return ctx.transaction(async (tx) => {
      const row = await this.steps.openRequest(tx, id, 'refer to a client');
      if (sentOn < todayInJapan(row.received_at))
        throw new BadUserInputError('sentOn lies before the request arrived.', ['sentOn']);
      // Only a client's entrusted data goes to the client (policy §5): some must be matched.
      const [entrusted] = await tx.manager.query<{ found: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM request_subjects rs
                  JOIN personal_records p ON p.subject_id = rs.subject_id AND p.status = 'ACTIVE'
                  JOIN data_categories c ON c.code = p.category_code AND NOT c.disclosure_target
                 WHERE rs.request_id = $1 AND p.category_code <> $2) AS found`,
        [id, REQUESTER_CATEGORY],
      );
      if (!entrusted?.found)
        throw new BadUserInputError(
          `Request ${row.number} is matched to no one held in a client's entrusted data: match them first (matchRequestSubjects); the company's own data is answered by the company.`,
          ['requestId'],
        );
      // Referred to the client whose data it is (a recipient of kind CLIENT), not to any party.
      const [recipient] = await tx.manager.query<{ code: string }[]>(
        `SELECT code FROM recipients WHERE code = $1 AND kind = 'CLIENT' AND retired_at IS NULL`,
        [input.recipientCode],
      );
      if (!recipient)
        throw new BadUserInputError(
          'recipientCode names no active client (a catalog recipient of kind CLIENT).',
          ['recipientCode'],
        );
      await tx.manager.query(
        `INSERT INTO request_referrals (request_id, recipient_code, sent_on, referred_by)
         VALUES ($1, $2, $3, $4)`,
        [id, input.recipientCode, sentOn, tx.actor.id ?? tx.actor.kind],
      );
      await this.steps.entry(tx, row, LedgerAction.REQUEST_REFERRED, {
        recipient: input.recipientCode,
        sentOn,
      });
      return row;
    });
  }

  async recordClientInstruction(ctx: RequestContext, id: string, input: ClientInstructionInput) {
    const receivedOn = calendarDate(input.receivedOn, 'receivedOn');
    return ctx.transaction(async (tx) => {
      const row = await this.steps.openRequest(tx, id, 'record a client instruction on');
      const [referral] = await tx.manager.query<
        { id: string; sent_on: string; recipient_code: string }[]
      >(
        `SELECT id, sent_on::text AS sent_on, recipient_code FROM request_referrals
          WHERE request_id = $1 AND instruction_received_on IS NULL
          ORDER BY sent_on DESC, id DESC LIMIT 1 FOR UPDATE`,
        [id],
      );
      if (!referral)
        throw new ConflictError(
          `Request ${row.number} has no referral waiting for an instruction.`,
        );
      if (receivedOn < referral.sent_on)
        throw new BadUserInputError('receivedOn lies before the referral was sent.', [
          'receivedOn',
        ]);
      const sealed = await sealRequestText(
        tx,
        this.keys,
        row,
        'clientInstruction',
        input.instruction,
      );
      await tx.manager.query(
        `UPDATE request_referrals SET instruction_received_on = $2, sealed_instruction = $3,
                instruction_recorded_by = $4 WHERE id = $1`,
        [referral.id, receivedOn, sealed, tx.actor.id ?? tx.actor.kind],
      );
      await this.steps.entry(tx, row, LedgerAction.CLIENT_INSTRUCTION, {
        recipient: referral.recipient_code,
        receivedOn,
      });
      return row;
    });
  }
}
