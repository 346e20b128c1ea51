export { ProvisionsModule, ProvisionsCoreModule } from './provisions.module';
export {
  ProvisionExport,
  PROVISION_COLUMNS,
  RECEIPT_COLUMNS,
  columnsOf,
  type ProvisionRange,
  type ProvisionSheet,
} from './provision/provision-export';
export { STANDING_RULES } from './rule/standing-rules';
export { ProvisionService } from './provision/provision.service';
export { ProvisionApproval } from './provision/provision-approval.service';
export {
  SubjectProvisionRecords,
  type SubjectHandOff,
  type SubjectProvision,
} from './subject/subject-records.service';
export { CategoryCodesField, DateField, ItemKeysField } from './input-fields';
