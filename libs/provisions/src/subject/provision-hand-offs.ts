import { Injectable } from '@nestjs/common';
import { SubjectHandOffs, type SubjectHandOffModel } from '@daicho/holdings';
import type { EntityManager } from 'typeorm';
import { statusOf } from '../provision/provision-store';
import type { ProvisionRoute } from '../provision-enums';

/** Where a person's data went (provisions, entrustments) and came from (receipts). */
@Injectable()
export class ProvisionHandOffs extends SubjectHandOffs {
  async forSubject(manager: EntityManager, subjectId: string): Promise<SubjectHandOffModel[]> {
    const provided = await manager.query<
      {
        id: string;
        on: string;
        counterpart: string;
        items: string[];
        route: ProvisionRoute;
        decision: string | null;
      }[]
    >(
      `SELECT p.id, h.handed_on::text AS on, p.recipient->>'name' AS counterpart, p.items, p.route, a.decision
         FROM provision_subjects s JOIN hand_offs h ON h.id = s.hand_off_id
         JOIN provisions p ON p.id = h.provision_id
         LEFT JOIN provision_approvals a ON a.provision_id = p.id
        WHERE s.subject_id = $1`,
      [subjectId],
    );
    const entrusted = await manager.query<
      { id: string; on: string; counterpart: string; items: string[] }[]
    >(
      `SELECT e.id, e.handed_on::text AS on, p.name AS counterpart, e.items
         FROM entrustment_subjects s JOIN entrustments e ON e.id = s.entrustment_id
         JOIN entrustment_contracts c ON c.id = e.contract_id JOIN parties p ON p.id = c.contractor_id
        WHERE s.subject_id = $1`,
      [subjectId],
    );
    const received = await manager.query<{ id: string; on: string; counterpart: string }[]>(
      `SELECT id, received_on::text AS on, source_name AS counterpart FROM receipts
        WHERE $1::uuid = ANY(subject_ids)`,
      [subjectId],
    );
    return [
      ...provided.map((p) => ({
        kind: 'PROVISION' as const,
        recordId: p.id,
        on: p.on,
        counterpart: p.counterpart,
        items: p.items,
        status: statusOf(p.route, p.decision),
      })),
      ...entrusted.map((e) => ({
        kind: 'ENTRUSTMENT' as const,
        recordId: e.id,
        on: e.on,
        counterpart: e.counterpart,
        items: e.items,
        status: 'ENTRUSTED',
      })),
      ...received.map((r) => ({
        kind: 'RECEIPT' as const,
        recordId: r.id,
        on: r.on,
        counterpart: r.counterpart,
        items: [],
        status: 'RECEIVED',
      })),
    ].sort((a, b) => a.on.localeCompare(b.on));
  }
}
