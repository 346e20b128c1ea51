import type { EntityManager } from 'typeorm';
import {
  ProvisionStatus,
  needsApproval,
  type HandOffMethod,
  type ProvisionRoute,
} from '../provision-enums';
import type { ProvisionModel } from './provision.dto';

interface ProvisionRow {
  id: string;
  rule_code: string;
  party_id: string;
  route: ProvisionRoute;
  art29_required: boolean;
  recipient: ProvisionModel['recipient'];
  category_codes: string[];
  items: string[];
  purpose_at_recipient: string;
  collective: boolean;
  corrects_id: string | null;
  correction_note: string | null;
  retain_until: string;
  created_by: string;
  created_at: Date;
  decision: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

interface HandOffRow {
  id: string;
  provision_id: string;
  handed_on: string;
  method: HandOffMethod;
  person_in_charge: string;
  subject_ids: string[];
}

export function statusOf(route: ProvisionRoute, decision: string | null): ProvisionStatus {
  if (!needsApproval(route)) return ProvisionStatus.RECORDED;
  if (decision === 'APPROVED') return ProvisionStatus.APPROVED;
  if (decision === 'REJECTED') return ProvisionStatus.REJECTED;
  return ProvisionStatus.PENDING_APPROVAL;
}

/** Loads provision records whole (hand-offs, subjects, approval), in the order of `ids`. */
export async function loadProvisions(
  manager: EntityManager,
  ids: readonly string[],
): Promise<ProvisionModel[]> {
  if (ids.length === 0) return [];
  const rows = await manager.query<ProvisionRow[]>(
    `SELECT p.*, p.retain_until::text AS retain_until, a.decision, a.note, a.decided_by, a.decided_at
       FROM provisions p LEFT JOIN provision_approvals a ON a.provision_id = p.id
      WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  const handOffs = await manager.query<HandOffRow[]>(
    `SELECT h.id, h.provision_id, h.handed_on::text AS handed_on, h.method, h.person_in_charge,
            array_agg(s.subject_id::text ORDER BY s.subject_id) AS subject_ids
       FROM hand_offs h JOIN provision_subjects s ON s.hand_off_id = h.id
      WHERE h.provision_id = ANY($1::uuid[])
      GROUP BY h.id ORDER BY h.handed_on, h.created_at`,
    [ids],
  );
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        ruleCode: r.rule_code,
        partyId: r.party_id,
        route: r.route,
        art29Required: r.art29_required,
        status: statusOf(r.route, r.decision),
        recipient: r.recipient,
        categoryCodes: r.category_codes,
        items: r.items,
        purposeAtRecipient: r.purpose_at_recipient,
        collective: r.collective,
        correctsId: r.corrects_id,
        correctionNote: r.correction_note,
        retainUntil: r.retain_until,
        createdBy: r.created_by,
        createdAt: r.created_at,
        handOffs: handOffs
          .filter((h) => h.provision_id === r.id)
          .map((h) => ({
            id: h.id,
            handedOn: h.handed_on,
            method: h.method,
            personInCharge: h.person_in_charge,
            subjectIds: h.subject_ids,
          })),
        approval: r.decision
          ? {
              decision: r.decision,
              note: r.note!,
              decidedBy: r.decided_by!,
              decidedAt: r.decided_at!,
            }
          : null,
      } satisfies ProvisionModel,
    ]),
  );
  return ids.flatMap((id) => {
    const found = byId.get(id);
    return found ? [found] : [];
  });
}
