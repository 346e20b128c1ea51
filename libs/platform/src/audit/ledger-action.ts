/**
 * Every action a ledger entry can record, checked by the compiler: a writer names one of these,
 * never a free string. Actions on personal data come first (READ…RECEIVE, which internal systems
 * may report of themselves), then the workflows' and the security events. Values equal the names,
 * so the stored text, the GraphQL enum and the TypeScript member read the same.
 */
export enum LedgerAction {
  /** Personal data (or a list naming people) was shown or handed to the actor. */
  READ = 'READ',
  /** A record, party, contract, rule or catalog entry was created. */
  CREATE = 'CREATE',
  /** A record or catalog entry was changed (retired and reinstated included). */
  UPDATE = 'UPDATE',
  /** A record was disposed of at the end of its retention period. */
  DISPOSE = 'DISPOSE',
  /** Data left the system as a file (CSV, XLSX, evidence bundle). */
  EXPORT = 'EXPORT',
  /** Personal data was provided to a third party (APPI art. 27, 29). */
  PROVIDE = 'PROVIDE',
  /** Personal data was handed to a contractor under an entrustment (APPI art. 27(5)(i)). */
  ENTRUST = 'ENTRUST',
  /** Personal data was received from a third party (APPI art. 30). */
  RECEIVE = 'RECEIVE',
  /** A user signed in. */
  LOGIN = 'LOGIN',
  /** A sign-in was refused (wrong password, disabled user). */
  LOGIN_FAILED = 'LOGIN_FAILED',
  /** Sign-ins for an account are held back after repeated failures. */
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  /** A user switched on sign-in with an authenticator app (TOTP, RFC 6238). */
  MFA_ENROLLED = 'MFA_ENROLLED',
  /** A sign-in's second step (an authenticator or recovery code) succeeded. */
  MFA_SUCCEEDED = 'MFA_SUCCEEDED',
  /** A sign-in's second step was refused (wrong, stale or replayed code). */
  MFA_FAILED = 'MFA_FAILED',
  /** An administrator removed a user's authenticator (lost device): the user enrols again. */
  MFA_RESET = 'MFA_RESET',
  /** A user signed out. */
  LOGOUT = 'LOGOUT',
  /** A user was created or changed (status, password), without a change of role. */
  USER_CHANGE = 'USER_CHANGE',
  /** A role or an API key's permissions changed. */
  PERMISSION_CHANGE = 'PERMISSION_CHANGE',
  /** A grant of a personal-data role or ADMIN was asked for and waits for a second person. */
  GRANT_REQUESTED = 'GRANT_REQUESTED',
  /** A second person approved a pending grant. */
  GRANT_APPROVED = 'GRANT_APPROVED',
  /** A second person rejected a pending grant. */
  GRANT_REJECTED = 'GRANT_REJECTED',
  /** An operation was refused by policy or by a check; the entry says what was asked. */
  DENIED = 'DENIED',
  /** A person's consent to a provision was recorded (APPI art. 27(1)). */
  CONSENT = 'CONSENT',
  /** A person withdrew a consent. */
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** A data subject's personal data was erased (APPI art. 35). */
  ERASE = 'ERASE',
  /** A provision rule was retired. */
  RETIRE = 'RETIRE',
  /** Supervision of a contractor was recorded (APPI art. 25). */
  SUPERVISE = 'SUPERVISE',
  /** An entrustment ended with the data returned by the contractor. */
  ENTRUSTMENT_RETURNED = 'ENTRUSTMENT_RETURNED',
  /** An entrustment ended with the data deleted by the contractor. */
  ENTRUSTMENT_DELETED = 'ENTRUSTMENT_DELETED',
  /** A provision was asked for and waits for approval. */
  PROVIDE_REQUESTED = 'PROVIDE_REQUESTED',
  /** A pending provision was approved. */
  APPROVE = 'APPROVE',
  /** A pending provision was rejected. */
  REJECT = 'REJECT',
  /** A category's periodic review was recorded. */
  REVIEW = 'REVIEW',
  /** A change to a category was proposed and waits for a decision. */
  CHANGE_PROPOSED = 'CHANGE_PROPOSED',
  /** A proposed category change was approved and applied. */
  CHANGE_APPROVED = 'CHANGE_APPROVED',
  /** A proposed category change was rejected. */
  CHANGE_REJECTED = 'CHANGE_REJECTED',
  /** A retention sweep ran: how many records it disposed of. */
  RETENTION_SWEEP = 'RETENTION_SWEEP',
  /** The records' data keys were rotated to a new master key. */
  KEY_ROTATION = 'KEY_ROTATION',
  /** A request from the person arrived and was registered (APPI arts. 32–35). */
  REQUEST_RECEIVED = 'REQUEST_RECEIVED',
  /** The requester's or agent's identity (and an agent's authority) was checked (art. 37). */
  IDENTITY_CHECKED = 'IDENTITY_CHECKED',
  /** A fee for a request was received (art. 38). */
  FEE_RECEIVED = 'FEE_RECEIVED',
  /** A request waits for the requester (documents or fee); its internal clock pauses. */
  REQUEST_INCOMPLETE = 'REQUEST_INCOMPLETE',
  /** A request is complete and in progress; a pause, if any, ended. */
  REQUEST_IN_PROGRESS = 'REQUEST_IN_PROGRESS',
  /** A person held was matched to a request. */
  SUBJECT_MATCHED = 'SUBJECT_MATCHED',
  /** A request about entrusted data was referred to the client whose data it is. */
  REQUEST_REFERRED = 'REQUEST_REFERRED',
  /** The client's instruction on a referred request was recorded. */
  CLIENT_INSTRUCTION = 'CLIENT_INSTRUCTION',
  /** A request was decided: comply, in part, or refuse with reasons (art. 36). */
  REQUEST_DECIDED = 'REQUEST_DECIDED',
  /** What a request asked was carried out. */
  REQUEST_EXECUTED = 'REQUEST_EXECUTED',
  /** The answer to a request was sent. */
  REQUEST_RESPONDED = 'REQUEST_RESPONDED',
  /** A request was closed. */
  REQUEST_CLOSED = 'REQUEST_CLOSED',
  /** A person's data may no longer be used for business purposes (art. 35(1)). */
  USE_SUSPENDED = 'USE_SUSPENDED',
  /** A person's data may no longer be provided to third parties (art. 35(3)). */
  PROVISION_STOPPED = 'PROVISION_STOPPED',
  /** A suspension of use or stop of provision ended (the grounds ceased, or the person withdrew it). */
  SUBJECT_MARK_LIFTED = 'SUBJECT_MARK_LIFTED',
  /** A person's records are held from disposal while a request about them is open. */
  LEGAL_HOLD = 'LEGAL_HOLD',
  /** A legal hold ended. */
  LEGAL_HOLD_LIFTED = 'LEGAL_HOLD_LIFTED',
  /** Leakage, loss or damage was reported (APPI art. 26). */
  INCIDENT_REPORTED = 'INCIDENT_REPORTED',
  /** An incident moved on a stage (contained, investigated, closed) with what was done. */
  INCIDENT_STEP = 'INCIDENT_STEP',
  /** Records and persons were added to an incident's scope (explicitly, by holding, from the ledger). */
  INCIDENT_SCOPE_ADDED = 'INCIDENT_SCOPE_ADDED',
  /** Whether an incident is reportable to the PPC (Rule 7) was decided again from its scope. */
  INCIDENT_REPORTABILITY = 'INCIDENT_REPORTABILITY',
  /** When the company became aware, the cause or the wrongful purpose was corrected; clocks ran again. */
  INCIDENT_CORRECTED = 'INCIDENT_CORRECTED',
  /** High-grade encryption whose key did not leak was recorded (the Rule 7 exemption). */
  INCIDENT_EXEMPTION = 'INCIDENT_EXEMPTION',
  /** A preliminary or final report went to the PPC (Rule 8). */
  INCIDENT_REPORT_SUBMITTED = 'INCIDENT_REPORT_SUBMITTED',
  /** The client whose entrusted data was affected was notified (the contractor's duty). */
  INCIDENT_CLIENT_NOTIFIED = 'INCIDENT_CLIENT_NOTIFIED',
  /** The CPO saved the draft of an incident's report to the PPC (Rule 8(1): its nine items). */
  INCIDENT_REPORT_DRAFTED = 'INCIDENT_REPORT_DRAFTED',
  /** A complaint or consultation was received (art. 40). */
  COMPLAINT_RECEIVED = 'COMPLAINT_RECEIVED',
  /** A step on a complaint: contacted, investigated, answered, referred to JIPDEC. */
  COMPLAINT_STEP = 'COMPLAINT_STEP',
  /** A complaint was closed with its outcome. */
  COMPLAINT_CLOSED = 'COMPLAINT_CLOSED',
  /** A corrective action was opened (JIS Q 15001). */
  CORRECTIVE_ACTION_OPENED = 'CORRECTIVE_ACTION_OPENED',
  /** A corrective action was carried out. */
  CORRECTIVE_ACTION_DONE = 'CORRECTIVE_ACTION_DONE',
  /** A corrective action's effectiveness was checked. */
  CORRECTIVE_ACTION_CHECKED = 'CORRECTIVE_ACTION_CHECKED',
}

/** Every action, in declaration order. */
export const LEDGER_ACTIONS: readonly LedgerAction[] = Object.values(LedgerAction);

export const isLedgerAction = (value: unknown): value is LedgerAction =>
  typeof value === 'string' && (LEDGER_ACTIONS as readonly string[]).includes(value);
