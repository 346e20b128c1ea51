import { Role } from '../role';
import type { PolicyRule } from './policy-rule';

/**
 * Who may do what, per role, as data. Read it like the privacy policy: a role has only what is
 * listed here (deny by default). Libraries add their subjects here as they are built; conditions
 * may refer to the acting user as '${actor.id}'. What people may do about themselves (me,
 * changePassword, logout) is not a rule here but the @SelfService() operations.
 */
/** The catalog (the management ledger of categories) holds no personal data: every person reads it. */
const READ_CATALOG: PolicyRule = { action: 'read', subject: 'Catalog' };
/**
 * Personal records: a department handles its own categories (privacy policy §2) for the
 * categories' own purposes; handling a person's request or an incident is the CPO's purpose.
 * The service also checks that the purpose is one of the record's category.
 */
const OWN_PURPOSES = { purposeCode: { $nin: ['DATA_SUBJECT_REQUEST', 'INCIDENT_RESPONSE'] } };
function handles(categories: string[]): PolicyRule[] {
  const categoryCode = { $in: categories };
  return [
    { action: 'read', subject: 'PersonalRecord', conditions: { categoryCode, ...OWN_PURPOSES } },
    { action: 'create', subject: 'PersonalRecord', conditions: { categoryCode } },
    { action: 'update', subject: 'PersonalRecord', conditions: { categoryCode } },
    { action: 'delete', subject: 'PersonalRecord', conditions: { categoryCode } },
    { action: 'read', subject: 'RecordMetadata', conditions: { categoryCode } },
    // Hand-offs of its own categories (APPI arts. 25–30): consents, provisions, receipts and
    // entrustments it records; it sees the provisions it recorded, the CPO sees them all.
    { action: 'create', subject: 'Consent', conditions: { categoryCode } },
    { action: 'read', subject: 'Consent', conditions: { categoryCode } },
    { action: 'update', subject: 'Consent', conditions: { categoryCode } },
    { action: 'create', subject: 'Provision', conditions: { categoryCode } },
    { action: 'read', subject: 'Provision', conditions: { createdBy: '${actor.id}' } },
    { action: 'create', subject: 'Receipt', conditions: { categoryCode } },
    { action: 'create', subject: 'Entrustment', conditions: { categoryCode } },
    // That a request from the person concerns its people (number, kind, status, dates, which of
    // its persons), so it stops using or corrects as the CPO tells it (APPI arts. 34–35); never
    // the requester, the agent, the checks, the fee or the decision (policy "Procedures" §5).
    { action: 'read', subject: 'RequestNotice', conditions: { categoryCode } },
    // Leakage, loss or damage it finds in its own categories, reported at once (policy item 3);
    // it sees the incidents it reported or that touch its categories (the CPO investigates).
    { action: 'create', subject: 'Incident', conditions: { categoryCode } },
    { action: 'read', subject: 'Incident', conditions: { categoryCode } },
    { action: 'read', subject: 'Incident', conditions: { reportedBy: '${actor.id}' } },
    // The corrective actions it owns (JIS Q 15001): it reads them and records them done.
    { action: 'read', subject: 'CorrectiveAction', conditions: { ownerId: '${actor.id}' } },
    { action: 'update', subject: 'CorrectiveAction', conditions: { ownerId: '${actor.id}' } },
    { action: 'read', subject: 'Party' },
    { action: 'read', subject: 'ProvisionRule' },
    { action: 'read', subject: 'EntrustmentContract' },
    // It knows its own data best: it proposes changes to its categories' entries, which the CPO
    // decides, and reads the proposals about them and its own (not other departments').
    { action: 'create', subject: 'CategoryProposal', conditions: { categoryCode } },
    { action: 'read', subject: 'CategoryProposal', conditions: { categoryCode } },
    { action: 'read', subject: 'CategoryProposal', conditions: { proposedBy: '${actor.id}' } },
  ];
}
/**
 * The one item key the My Number rule below binds to: the catalog refuses the My Number flag on
 * an item of any other key, so a new item cannot carry the number past the rule.
 */
export const MY_NUMBER_ITEM_KEY = 'myNumber';

/**
 * Items whose use the law narrows to a few purposes, whoever reads the record: every role that
 * reads personal records has these rules, the CPO's incident and complaint work included, after
 * its grants (in CASL the later rule wins; the loader refuses them before).
 */
const PURPOSE_BOUND_ITEMS: PolicyRule[] = [
  {
    action: 'read',
    subject: 'PersonalRecord',
    fields: [MY_NUMBER_ITEM_KEY],
    inverted: true,
    // Disclosed to the person themself on their request (APPI art. 33): not a provision.
    conditions: { purposeCode: { $nin: ['STATUTORY_PROCEDURES', 'DATA_SUBJECT_REQUEST'] } },
    reason:
      'My Number Act arts. 9, 19: My Number only for the statutory procedures (and to the person)',
  },
  {
    action: 'read',
    subject: 'PersonalRecord',
    fields: ['healthCheckResults'],
    inverted: true,
    conditions: {
      purposeCode: { $nin: ['INDUSTRIAL_SAFETY', 'DATA_SUBJECT_REQUEST', 'INCIDENT_RESPONSE'] },
    },
    reason: 'special-care data (APPI art. 2(3)) only for industrial safety',
  },
];

export const ROLE_POLICIES: Record<Role, readonly PolicyRule[]> = {
  [Role.ADMIN]: [
    { action: 'manage', subject: 'User' },
    // Pending grants of roles (separation of duties): the service decides who may approve which.
    { action: 'read', subject: 'AccessGrant' },
    { action: 'update', subject: 'AccessGrant' },
    // Rotating the holdings master key re-wraps keys, never opens a value (no personal data).
    { action: 'update', subject: 'MasterKey' },
    { action: 'manage', subject: 'ApiKey' },
    // Webhooks feed an API key's system with events (ids and codes, never values).
    { action: 'manage', subject: 'Webhook' },
    READ_CATALOG,
  ],
  [Role.CPO]: [
    { action: 'read', subject: 'User' },
    // A key whose scopes reach beyond its creator's rights works once the CPO approves it; the
    // CPO neither revokes nor limits keys (update stays the administrators').
    { action: 'read', subject: 'ApiKey' },
    { action: 'approve', subject: 'ApiKey' },
    // A webhook for events about persons flows only after the CPO approves it (a second person).
    { action: 'read', subject: 'Webhook' },
    { action: 'update', subject: 'Webhook' },
    { action: 'read', subject: 'AccessGrant' },
    { action: 'update', subject: 'AccessGrant' },
    { action: 'update', subject: 'MasterKey' },
    { action: 'read', subject: 'Ledger' },
    { action: 'manage', subject: 'Catalog' },
    { action: 'read', subject: 'CategoryProposal' },
    { action: 'update', subject: 'CategoryProposal' },
    {
      action: 'read',
      subject: 'PersonalRecord',
      conditions: {
        purposeCode: { $in: ['DATA_SUBJECT_REQUEST', 'INCIDENT_RESPONSE', 'COMPLAINT_HANDLING'] },
      },
    },
    ...PURPOSE_BOUND_ITEMS,
    { action: 'read', subject: 'Retention' },
    { action: 'read', subject: 'RecordMetadata' },
    // Hand-offs: the CPO keeps the parties, rules and contracts, decides exception routes
    // (update Provision = approve or reject) and sees every record.
    { action: 'manage', subject: 'Party' },
    { action: 'manage', subject: 'ProvisionRule' },
    { action: 'manage', subject: 'EntrustmentContract' },
    { action: 'read', subject: 'Consent' },
    { action: 'read', subject: 'Provision' },
    { action: 'update', subject: 'Provision' },
    { action: 'read', subject: 'Receipt' },
    { action: 'read', subject: 'Entrustment' },
    // Requests from the person (APPI arts. 33–35): find them, show their footprint, erase them.
    { action: 'read', subject: 'DataSubject' },
    { action: 'update', subject: 'DataSubject' },
    { action: 'delete', subject: 'DataSubject' },
    // The CPO runs every request, and keeps the requesters' own data (the REQUESTER category)
    // for answering them only (policy "Procedures" §5: "only to the extent necessary").
    { action: 'manage', subject: 'DataSubjectRequest' },
    { action: 'read', subject: 'RequestNotice' },
    // Incidents, complaints and corrective actions (APPI arts. 26, 40; policy items 3–4, §8).
    { action: 'manage', subject: 'Incident' },
    { action: 'manage', subject: 'Complaint' },
    { action: 'manage', subject: 'CorrectiveAction' },
    // Who read what (policy item 2: supervision of those who handle personal data).
    { action: 'read', subject: 'AccessReport' },
    ...(['create', 'update', 'delete'] as const).map((action): PolicyRule => ({
      action,
      subject: 'PersonalRecord',
      // and the complainants' (COMPLAINANT) for answering their complaints (APPI art. 40, §8).
      conditions: { categoryCode: { $in: ['REQUESTER', 'COMPLAINANT'] } },
    })),
  ],
  [Role.AUDITOR]: [
    { action: 'read', subject: 'User' },
    { action: 'read', subject: 'AccessGrant' },
    { action: 'read', subject: 'Ledger' },
    READ_CATALOG,
    { action: 'read', subject: 'CategoryProposal' },
    { action: 'read', subject: 'Retention' },
    // Counts and metadata of what is held, never values (privacy policy: the audit of handling).
    { action: 'read', subject: 'RecordMetadata' },
    // Every request from the person, its dates, steps and decision; never the requester's data.
    { action: 'read', subject: 'DataSubjectRequest' },
    { action: 'read', subject: 'RequestNotice' },
    // Incidents, complaints and corrective actions: dates, codes and counts, never their texts.
    { action: 'read', subject: 'Incident' },
    { action: 'read', subject: 'Complaint' },
    { action: 'read', subject: 'CorrectiveAction' },
    { action: 'read', subject: 'AccessReport' },
    // Every hand-off record (arts. 25–30), read only.
    ...(
      [
        'Party',
        'ProvisionRule',
        'Consent',
        'Provision',
        'Receipt',
        'Entrustment',
        'EntrustmentContract',
      ] as const
    ).map((subject): PolicyRule => ({ action: 'read', subject })),
  ],
  [Role.HR]: [READ_CATALOG, ...handles(['EMPLOYEE', 'APPLICANT']), ...PURPOSE_BOUND_ITEMS],
  [Role.SALES]: [
    READ_CATALOG,
    ...handles([
      'WEB_NEWSLETTER',
      'WEB_INQUIRY',
      'WEB_ESTIMATE',
      'WEB_AFTER_SALES',
      'SEMINAR',
      'PARTNER_CONTACT',
    ]),
    ...PURPOSE_BOUND_ITEMS,
  ],
  [Role.SUPPORT]: [
    READ_CATALOG,
    ...handles(['CALL_RECORDING', 'ENTRUSTED_SYSDEV', 'ENTRUSTED_DATA_ENTRY']),
    ...PURPOSE_BOUND_ITEMS,
  ],
  [Role.FACILITIES]: [READ_CATALOG, ...handles(['CCTV']), ...PURPOSE_BOUND_ITEMS],
  // Machine clients get nothing from their role: only the scopes of their key (API_KEY_SCOPES).
  [Role.INTEGRATION]: [],
};

/**
 * What an API key scope grants. A key's ability is the union of its scopes' rules, nothing else;
 * unknown scopes are refused when a key is created.
 */
export const API_KEY_SCOPES: Record<string, readonly PolicyRule[]> = {
  'users:read': [{ action: 'read', subject: 'User' }],
  // Internal systems report their own accesses to personal data (recordAccessEvents).
  'access-events:write': [{ action: 'create', subject: 'AccessEvent' }],
  'catalog:read': [READ_CATALOG],
};
