import { Injectable } from '@nestjs/common';
import {
  Outbox,
  type DomainEventData,
  type DomainEventType,
  type OutboxTransaction,
} from '@daicho/platform';

/**
 * Writes an event and one delivery per webhook that wants it, in one statement on the caller's
 * transaction: both exist exactly when the change does. Webhooks not (yet) approved, of keys not
 * (yet) approved, revoked or expired, and deleted webhooks get nothing. Delivery starts once the transaction commits (WebhookRelay).
 */
@Injectable()
export class OutboxWriter extends Outbox {
  async publish(
    on: OutboxTransaction,
    type: DomainEventType,
    data: DomainEventData,
  ): Promise<void> {
    await on.query(
      `WITH event AS (
         INSERT INTO outbox_events (type, data) VALUES ($1, $2::jsonb) RETURNING id)
       INSERT INTO webhook_deliveries (webhook_id, event_id)
       SELECT w.id, event.id
         FROM event, webhooks w JOIN api_keys k ON k.id = w.api_key_id
        WHERE w.deleted_at IS NULL AND w.approved_at IS NOT NULL AND $1 = ANY (w.events)
          AND k.approved_at IS NOT NULL AND k.revoked_at IS NULL
          AND (k.expires_at IS NULL OR k.expires_at > now())
        ORDER BY w.id`,
      [type, JSON.stringify(data)],
    );
  }
}
