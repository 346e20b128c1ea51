/**
 * The events an integration may subscribe to (webhooks). Each names something that happened and
 * carries ids, codes and counts only, never a personal data value: a consumer that needs more
 * asks the API, where the read is authorised and recorded.
 */
export enum DomainEventType {
  REQUEST_RECEIVED = 'request.received',
  REQUEST_DECIDED = 'request.decided',
  REQUEST_EXECUTED = 'request.executed',
  RECORD_CREATED = 'record.created',
  RECORD_DISPOSED = 'record.disposed',
  SUBJECT_ERASED = 'subject.erased',
  SUBJECT_USE_SUSPENDED = 'subject.use_suspended',
  SUBJECT_PROVISION_STOPPED = 'subject.provision_stopped',
  PROVISION_RECORDED = 'provision.recorded',
  INCIDENT_REPORTED = 'incident.reported',
  INCIDENT_REPORTABLE = 'incident.reportable',
  RETENTION_RUN = 'retention.run',
  CHECKPOINT_SIGNED = 'checkpoint.signed',
}

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = Object.values(DomainEventType);

/** Ids, codes, counts, statuses; a list of ids at most. */
export type DomainEventData = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;
