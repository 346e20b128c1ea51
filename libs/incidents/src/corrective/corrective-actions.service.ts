import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  assertAllowed,
  recordDenial,
  ROLE_POLICIES,
  type RequestContext,
  type Role,
} from '@daicho/access';
import { HoldingsKeys, newSealedFile, sealInFile } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  calendarDate,
  ConflictError,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  returnedRow,
  todayInJapan,
  isGiven,
} from '@daicho/platform';
import { linkedIncident } from '../complaint/incident-link';
import type {
  CheckCorrectiveActionEffectivenessInput,
  OpenCorrectiveActionInput,
  RecordCorrectiveActionDoneInput,
} from './corrective-action.inputs';
import { correctiveActionFor, runsCorrectiveActions } from './corrective-action-access';
import {
  CORRECTIVE_ACTION_SELECT,
  CorrectiveActionSource,
  correctiveActionAad,
  purposeOf,
  type CorrectiveActionRow,
} from './corrective-action-row';

/** Roles that can carry out a corrective action (their policy lets them record it done). */
const OWNING_ROLES = new Set(
  Object.entries(ROLE_POLICIES)
    .filter(([, rules]) =>
      rules.some(
        (r) =>
          !r.inverted &&
          r.subject === 'CorrectiveAction' &&
          (r.action === 'update' || r.action === 'manage'),
      ),
    )
    .map(([role]) => role),
);

/**
 * Corrective actions (是正処置; JIS Q 15001, policy item 3: leakage, loss or damage is corrected
 * "promptly"): the CPO opens one from an incident, a complaint or an audit finding, with its
 * cause, action, owner and due date; the owner (or the CPO) records it done; the CPO, and not
 * the owner, checks whether it worked. Texts are sealed in the action's own file; the ledger
 * gets codes and dates only.
 */
@Injectable()
export class CorrectiveActions {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
  ) {}

  async open(ctx: RequestContext, input: OpenCorrectiveActionInput): Promise<CorrectiveActionRow> {
    await assertAllowed(ctx, 'create', 'CorrectiveAction');
    const dueOn = calendarDate(input.dueOn, 'dueOn', { future: true, stored: true });
    const wants = {
      incidentId: input.source === CorrectiveActionSource.INCIDENT,
      complaintId: input.source === CorrectiveActionSource.COMPLAINT,
    };
    for (const field of ['incidentId', 'complaintId'] as const) {
      if (wants[field] !== isGiven(input[field]))
        throw new BadUserInputError(
          wants[field]
            ? `${field} is needed for a corrective action from a ${input.source}.`
            : `${field} is only for a corrective action from a ${field === 'incidentId' ? 'INCIDENT' : 'COMPLAINT'}, not ${input.source}.`,
          [field],
        );
    }
    return ctx.transaction(async (tx) => {
      const arose = input.incidentId
        ? todayInJapan(
            (await linkedIncident(tx, input.incidentId, 'open CorrectiveAction')).aware_at,
          )
        : input.complaintId
          ? await this.complaintArrivedOn(tx, input.complaintId)
          : null;
      if (arose && dueOn < arose)
        throw new BadUserInputError(`dueOn lies before the ${input.source} it corrects arose.`, [
          'dueOn',
        ]);
      await this.ownerMayCarryOut(tx, input.ownerId);
      const id = randomUUID();
      const fileId = await newSealedFile(tx, this.keys);
      const seal = (field: string, text: string) =>
        sealInFile(tx, this.keys, fileId, correctiveActionAad(id, field), text);
      const row = returnedRow(
        await tx.manager.query<CorrectiveActionRow[]>(
          `INSERT INTO corrective_actions AS a (id, source_type, incident_id, complaint_id, file_id,
             sealed_cause, sealed_action, owner_id, due_on, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING ${CORRECTIVE_ACTION_SELECT}`,
          [
            id,
            input.source,
            input.incidentId ?? null,
            input.complaintId ?? null,
            fileId,
            await seal('cause', input.cause),
            await seal('action', input.action),
            input.ownerId,
            dueOn,
            tx.actor.id ?? tx.actor.kind,
          ],
        ),
        'corrective action',
      );
      await this.entry(tx, row, LedgerAction.CORRECTIVE_ACTION_OPENED, {
        source: row.source_type,
        incident: row.incident_id,
        complaint: row.complaint_id,
        owner: row.owner_id,
        dueOn: row.due_on,
      });
      return row;
    });
  }

  /** The owner (or the CPO) records it carried out. */
  async recordDone(
    ctx: RequestContext,
    id: string,
    input: RecordCorrectiveActionDoneInput,
  ): Promise<CorrectiveActionRow> {
    const doneOn = calendarDate(input.doneOn, 'doneOn');
    return ctx.transaction(async (tx) => {
      const row = await correctiveActionFor(tx, id, 'update', 'record done CorrectiveAction');
      if (row.done_on)
        throw new ConflictError(`This corrective action was already done on ${row.done_on}.`);
      if (doneOn < todayInJapan(row.created_at))
        throw new BadUserInputError('doneOn lies before the corrective action was opened.', [
          'doneOn',
        ]);
      // No note, left out or sent as null: nothing sealed.
      const note = isGiven(input.note)
        ? await sealInFile(
            tx,
            this.keys,
            row.file_id,
            correctiveActionAad(row.id, 'doneNote'),
            input.note,
          )
        : null;
      const [saved] = await tx.manager.query<[CorrectiveActionRow[], number]>(
        `UPDATE corrective_actions a SET done_on = $2, sealed_done_note = $3, done_by = $4,
                updated_at = now(), version = a.version + 1
          WHERE a.id = $1 RETURNING ${CORRECTIVE_ACTION_SELECT}`,
        [row.id, doneOn, note, tx.actor.id ?? tx.actor.kind],
      );
      await this.entry(tx, row, LedgerAction.CORRECTIVE_ACTION_DONE, {
        doneOn,
        late: doneOn > row.due_on,
      });
      return returnedRow(saved, 'corrective action done');
    });
  }

  /** The CPO checks whether it worked, only once it was done (never the owner: an own check). */
  async checkEffectiveness(
    ctx: RequestContext,
    id: string,
    input: CheckCorrectiveActionEffectivenessInput,
  ): Promise<CorrectiveActionRow> {
    const checkedOn = calendarDate(input.checkedOn, 'checkedOn');
    return ctx.transaction(async (tx) => {
      const row = await correctiveActionFor(tx, id, 'update', 'check CorrectiveAction');
      if (!runsCorrectiveActions(tx))
        throw await recordDenial(
          tx,
          { operation: 'check CorrectiveAction', type: 'CorrectiveAction', id },
          new ForbiddenError(
            'The CPO checks whether a corrective action worked, not the one who carried it out.',
          ),
        );
      // Neither its owner nor whoever recorded it done (a CPO may do both) checks it.
      if (row.owner_id === tx.actor.id || row.done_by === tx.actor.id)
        throw await recordDenial(
          tx,
          { operation: 'check CorrectiveAction', type: 'CorrectiveAction', id },
          new ForbiddenError(
            'Whoever owns a corrective action or recorded it done does not check its effectiveness: another CPO does.',
          ),
        );
      if (row.effectiveness_checked_on)
        throw new ConflictError(
          `This corrective action's effectiveness was already checked on ${row.effectiveness_checked_on}.`,
        );
      if (!row.done_on)
        throw new ConflictError(
          'This corrective action is not done yet: record it done before checking whether it worked.',
        );
      if (checkedOn < row.done_on)
        throw new BadUserInputError('checkedOn lies before the corrective action was done.', [
          'checkedOn',
        ]);
      // No note, left out or sent as null: nothing sealed.
      const note = isGiven(input.note)
        ? await sealInFile(
            tx,
            this.keys,
            row.file_id,
            correctiveActionAad(row.id, 'effectivenessNote'),
            input.note,
          )
        : null;
      const [saved] = await tx.manager.query<[CorrectiveActionRow[], number]>(
        `UPDATE corrective_actions a SET effective = $2, effectiveness_checked_on = $3,
                sealed_effectiveness_note = $4, updated_at = now(), version = a.version + 1
          WHERE a.id = $1 RETURNING ${CORRECTIVE_ACTION_SELECT}`,
        [row.id, input.effective, checkedOn, note],
      );
      await this.entry(tx, row, LedgerAction.CORRECTIVE_ACTION_CHECKED, {
        effective: input.effective,
        checkedOn,
      });
      return returnedRow(saved, 'corrective action check');
    });
  }

  /** The day a complaint arrived, if the caller may see it; else NOT_FOUND (recorded). */
  private async complaintArrivedOn(tx: RequestContext, id: string): Promise<string> {
    const [row] = tx.ability.can('read', 'Complaint')
      ? await tx.manager.query<{ received_at: Date }[]>(
          `SELECT received_at FROM complaints WHERE id = $1`,
          [id],
        )
      : [];
    if (row) return todayInJapan(row.received_at);
    throw await recordDenial(
      tx,
      { operation: 'open CorrectiveAction', type: 'Complaint', id },
      new NotFoundError(`There is no complaint ${id} you may see.`),
    );
  }

  /** The owner must be an active user whose role can carry out corrective actions. */
  private async ownerMayCarryOut(tx: RequestContext, ownerId: string) {
    const [owner] = await tx.manager.query<{ role: Role }[]>(
      `SELECT role FROM users WHERE id = $1 AND status = 'ACTIVE'`,
      [ownerId],
    );
    if (!owner || !OWNING_ROLES.has(owner.role))
      throw new BadUserInputError(
        'ownerId must name an active user of a role that carries out corrective actions (a department or the CPO).',
        ['ownerId'],
      );
  }

  /** A ledger entry about the action: ids, codes and dates only, never its texts. */
  private entry(
    tx: RequestContext,
    row: CorrectiveActionRow,
    action: LedgerAction,
    details: Record<string, string | boolean | null>,
  ) {
    return this.ledger.append(tx, {
      action,
      targetType: 'CorrectiveAction',
      targetId: row.id,
      purposeCode: purposeOf(row),
      details,
    });
  }
}
