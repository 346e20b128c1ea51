import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CatalogEntryColumns } from '../catalog/catalog-entry';
import type {
  AcquisitionMethod,
  Level,
  LifecycleStage,
  RetentionTrigger,
  SubjectType,
} from '../catalog/catalog-enums';
import type { Localized } from '../catalog/localized-text';
import type { DataItem } from './data-item';
import type { PurposeItems } from './purpose-items';

export interface StageRisk {
  stage: LifecycleStage;
  leakage: Level;
  loss: Level;
  damage: Level;
  measures: Localized;
}

/** A category of personal data: one line of the personal information management ledger. */
@Entity('data_categories')
export class DataCategoryEntity extends CatalogEntryColumns {
  @PrimaryColumn('text')
  code!: string;

  @Column('jsonb')
  name!: Localized;

  @Column('jsonb')
  description!: Localized;

  @Column('text', { name: 'subject_type' })
  subjectType!: SubjectType;

  @Column('jsonb', { name: 'owner_department' })
  ownerDepartment!: Localized;

  @Column('jsonb', { name: 'responsible_manager' })
  responsibleManager!: Localized;

  @Column('jsonb')
  items!: DataItem[];

  @Column('text', { name: 'purpose_codes', array: true })
  purposeCodes!: string[];

  /**
   * What each purpose needs of the items (deny by default: a purpose not listed needs none);
   * null until given (a category from before the field, filled from the seed at start).
   */
  @Column('jsonb', { name: 'purpose_items', nullable: true })
  purposeItems!: PurposeItems[] | null;

  @Column('text', { name: 'acquisition_methods', array: true })
  acquisitionMethods!: AcquisitionMethod[];

  @Column('jsonb', { name: 'acquisition_source' })
  acquisitionSource!: Localized;

  @Column('jsonb', { name: 'legal_basis' })
  legalBasis!: Localized;

  @Column('boolean', { name: 'consent_required' })
  consentRequired!: boolean;

  /** 保有個人データ: the person may request disclosure. Entrusted data is the client's, not ours. */
  @Column('boolean', { name: 'disclosure_target' })
  disclosureTarget!: boolean;

  @Column('text', { name: 'system_codes', array: true })
  systemCodes!: string[];

  @Column('integer', { name: 'approximate_records' })
  approximateRecords!: number;

  /** ISO-8601 duration, e.g. P5Y. */
  @Column('text', { name: 'retention_period' })
  retentionPeriod!: string;

  @Column('text', { name: 'retention_trigger' })
  retentionTrigger!: RetentionTrigger;

  @Column('jsonb', { name: 'disposal_method' })
  disposalMethod!: Localized;

  @Column('text', { name: 'entrusted_to', array: true })
  entrustedTo!: string[];

  @Column('text', { name: 'provided_to', array: true })
  providedTo!: string[];

  @Column('text', { name: 'handling_roles', array: true })
  handlingRoles!: string[];

  @Column('text')
  sensitivity!: Level;

  @Column('text', { name: 'accident_severity' })
  accidentSeverity!: Level;

  @Column('jsonb', { name: 'risk_assessment' })
  riskAssessment!: StageRisk[];

  @Column('jsonb', { nullable: true })
  remarks!: Localized | null;

  @Column('text', { name: 'review_interval' })
  reviewInterval!: string;

  @Column('timestamptz', { name: 'last_reviewed_at', nullable: true })
  lastReviewedAt!: Date | null;
}
