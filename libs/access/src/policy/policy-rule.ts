/** Actions in the privacy office's words; `manage` means any action. */
export type PolicyAction =
  | 'manage'
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'resetPassword'
  /** A second person's yes to what another made (an API key beyond its creator's rights). */
  | 'approve';

/** What the rules speak about; each library adds its own subjects. */
export type PolicySubject =
  | 'all'
  | 'User'
  | 'AccessGrant'
  | 'ApiKey'
  | 'Webhook'
  | 'Ledger'
  | 'AccessEvent'
  | 'Catalog'
  | 'CategoryProposal'
  | 'PersonalRecord'
  | 'RecordMetadata'
  | 'Retention'
  | 'MasterKey'
  | 'DataSubject'
  | 'Party'
  | 'ProvisionRule'
  | 'Consent'
  | 'Provision'
  | 'Receipt'
  | 'Entrustment'
  | 'EntrustmentContract'
  | 'DataSubjectRequest'
  | 'RequestNotice'
  | 'Incident'
  | 'Complaint'
  | 'CorrectiveAction'
  | 'AccessReport';

/** One line of the policy: the role may (or, `inverted`, may not) do `action` on `subject`. */
export interface PolicyRule {
  readonly action: PolicyAction;
  readonly subject: PolicySubject;
  readonly fields?: readonly string[];
  readonly conditions?: Readonly<Record<string, unknown>>;
  readonly inverted?: boolean;
  readonly reason?: string;
}
