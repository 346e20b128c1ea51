import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProposalStatus } from '../catalog/catalog-enums';

/** A department's proposed change to its category, waiting for the CPO. */
@Entity('category_change_proposals')
export class CategoryChangeProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'category_code' })
  categoryCode!: string;

  @Column('integer', { name: 'base_version' })
  baseVersion!: number;

  @Column('jsonb')
  changes!: Record<string, unknown>;

  @Column('text')
  reason!: string;

  @Column('text')
  status!: ProposalStatus;

  @Column('text', { name: 'proposed_by' })
  proposedBy!: string;

  @Column('timestamptz', { name: 'proposed_at' })
  proposedAt!: Date;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_note', nullable: true })
  decisionNote!: string | null;
}
