import type { DomainEventData, DomainEventType } from './domain-event';

/**
 * The transactional outbox: a library that changes something an integration may need publishes
 * the event with the manager of the transaction that makes the change, so the event exists if and
 * only if the change committed (no event for a rolled-back change, no change without its event).
 * Delivery happens later, elsewhere (libs/integrations: signed webhooks on a job engine).
 * `on` is the open transaction: a TypeORM EntityManager, or the raw client of a connection that
 * has begun one (the ledger sequencer's).
 */
export abstract class Outbox {
  abstract publish(
    on: OutboxTransaction,
    type: DomainEventType,
    data: DomainEventData,
  ): Promise<void>;
}

/** What publishing needs of the open transaction: to run one statement in it. */
export interface OutboxTransaction {
  query(text: string, values?: unknown[]): Promise<unknown>;
}
