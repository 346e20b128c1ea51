import { DomainEventType, timeKey } from '@daicho/platform';
import type { EntityManager } from 'typeorm';
import {
  FAILURE_OF,
  WebhookDeliveryStatus,
  type WebhookDeliveryModel,
  type WebhookModel,
} from './webhook.models';
import type { DeliveryFailure } from '../delivery/webhook-post';

interface WebhookRow {
  id: string;
  api_key_id: string;
  url: string;
  events: string[];
  created_at: Date;
  approved_at: Date | null;
}

interface DeliveryRow {
  seq: string;
  id: string;
  webhook_id: string;
  event_id: string;
  type: string;
  occurred_at: Date;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_failure: string | null;
  delivered_at: Date | null;
  created_at: Date;
  redelivery_of: string | null;
}

const EVENT_TYPES = new Set<string>(Object.values(DomainEventType));
const STATUSES = new Set<string>(Object.values(WebhookDeliveryStatus));

function eventType(text: string): DomainEventType {
  if (!EVENT_TYPES.has(text)) throw new Error('an outbox event has an unknown type');
  return text as DomainEventType;
}

export function toWebhookModel(row: WebhookRow): WebhookModel {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    url: row.url,
    events: row.events.map(eventType),
    createdAt: row.created_at,
    approvedAt: row.approved_at,
  };
}

function toDeliveryModel(row: DeliveryRow): WebhookDeliveryModel {
  if (!STATUSES.has(row.status)) throw new Error('a webhook delivery has an unknown status');
  const status = row.status as WebhookDeliveryStatus;
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: eventType(row.type),
    occurredAt: row.occurred_at,
    status,
    attempts: row.attempts,
    nextAttemptAt: status === WebhookDeliveryStatus.PENDING ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastFailure: row.last_failure === null ? null : FAILURE_OF[row.last_failure as DeliveryFailure],
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    redeliveryOf: row.redelivery_of,
  };
}

const WEBHOOK_COLUMNS = 'id, api_key_id, url, events, created_at, approved_at';
/** created_at is now()'s, with microseconds: the keyset orders by it cut to the millisecond. */
const CREATED_KEY = timeKey('created_at');
const DELIVERY_COLUMNS = `d.seq::text AS seq, d.id, d.webhook_id, d.event_id, e.type, e.occurred_at,
  d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_failure,
  d.delivered_at, d.created_at, d.redelivery_of`;

/** The webhooks' and deliveries' rows, read and written with plain SQL and typed row mappers. */
export const WebhookStore = {
  /** Locks the API key against revocation while a webhook is added; false when it cannot take one. */
  async lockLiveApiKey(manager: EntityManager, apiKeyId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > now()) FOR SHARE`,
      [apiKeyId],
    );
    return rows.length === 1;
  },

  async insert(
    manager: EntityManager,
    row: {
      id: string;
      apiKeyId: string;
      url: string;
      events: readonly DomainEventType[];
      sealedSecret: Buffer;
      createdBy: string;
      /** Events about no one: they flow at once, without a second person. */
      approvedNow: boolean;
    },
  ): Promise<WebhookModel> {
    const rows = await manager.query<WebhookRow[]>(
      `INSERT INTO webhooks (id, api_key_id, url, events, sealed_secret, created_by, approved_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END) RETURNING ${WEBHOOK_COLUMNS}`,
      [
        row.id,
        row.apiKeyId,
        row.url,
        [...new Set(row.events)],
        row.sealedSecret,
        row.createdBy,
        row.approvedNow,
      ],
    );
    const [saved] = rows;
    if (!saved) throw new Error('inserting a webhook answered no row');
    return toWebhookModel(saved);
  },

  /** Live webhooks oldest first, after the keyset position (creation time, id), at most `limit`. */
  async listLive(
    manager: EntityManager,
    apiKeyId: string | null,
    after: { at: Date; id: string } | null,
    limit: number,
  ): Promise<WebhookModel[]> {
    const rows = await manager.query<WebhookRow[]>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks
        WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR api_key_id = $1)
          AND ($2::timestamptz IS NULL OR (${CREATED_KEY}, id) > ($2::timestamptz, $3::uuid))
        ORDER BY ${CREATED_KEY}, id LIMIT $4`,
      [apiKeyId, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map(toWebhookModel);
  },

  /** Marks the webhook deleted and cancels what still waits for it; false when there was none. */
  async markDeleted(manager: EntityManager, id: string, by: string): Promise<boolean> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE webhooks SET deleted_at = now(), deleted_by = $2
        WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id, by],
    );
    if (rows.length === 0) return false;
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'CANCELLED'
        WHERE webhook_id = $1 AND status = 'PENDING'`,
      [id],
    );
    return true;
  },

  /** The webhook, locked for its approval; null when there is none (or it was deleted). */
  async forApproval(
    manager: EntityManager,
    id: string,
  ): Promise<{ createdBy: string; approvedAt: Date | null } | null> {
    const rows = await manager.query<{ created_by: string; approved_at: Date | null }[]>(
      `SELECT created_by, approved_at FROM webhooks WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    const [row] = rows;
    return row ? { createdBy: row.created_by, approvedAt: row.approved_at } : null;
  },

  async markApproved(manager: EntityManager, id: string, by: string): Promise<WebhookModel> {
    const [rows] = await manager.query<[WebhookRow[], number]>(
      `UPDATE webhooks SET approved_at = now(), approved_by = $2 WHERE id = $1
       RETURNING ${WEBHOOK_COLUMNS}`,
      [id, by],
    );
    const [row] = rows;
    if (!row) throw new Error('approving a webhook answered no row');
    return toWebhookModel(row);
  },

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM webhooks WHERE id = $1`, [id]);
    return rows.length === 1;
  },

  /** Newest first, keyset on the delivery's place in line. */
  async deliveries(
    manager: EntityManager,
    webhookId: string,
    beforeSeq: string | null,
    status: WebhookDeliveryStatus | null,
    limit: number,
  ): Promise<{ seq: string; model: WebhookDeliveryModel }[]> {
    const rows = await manager.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
        WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.seq < $2::bigint)
          AND ($3::text IS NULL OR d.status = $3)
        ORDER BY d.seq DESC LIMIT $4`,
      [webhookId, beforeSeq, status, limit],
    );
    return rows.map((row) => ({ seq: row.seq, model: toDeliveryModel(row) }));
  },

  /**
   * Queues the delivery's event again for its webhook, at the end of the line (a new delivery:
   * the event keeps its id, so the consumer dedupes). Null when the delivery does not exist;
   * `state` says why it cannot be repeated.
   */
  async redeliver(
    manager: EntityManager,
    deliveryId: string,
  ): Promise<WebhookDeliveryModel | null | { state: 'pending' | 'webhook gone' }> {
    // The original is locked: two calls at once queue one copy, and the purge waits.
    const found = await manager.query<
      { webhook_id: string; event_id: string; status: string; live: boolean }[]
    >(
      `SELECT d.webhook_id, d.event_id, d.status,
              (w.deleted_at IS NULL AND k.revoked_at IS NULL
                AND (k.expires_at IS NULL OR k.expires_at > now())) AS live
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         JOIN api_keys k ON k.id = w.api_key_id
        WHERE d.id = $1 FOR UPDATE OF d FOR SHARE OF w`,
      [deliveryId],
    );
    const [original] = found;
    if (!original) return null;
    if (!original.live) return { state: 'webhook gone' };
    // Asked after the lock was granted (a new statement sees what the caller before us queued).
    const [copy] = await manager.query<{ waiting: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM webhook_deliveries
                       WHERE redelivery_of = $1 AND status = 'PENDING') AS waiting`,
      [deliveryId],
    );
    if (original.status === 'PENDING' || copy?.waiting) return { state: 'pending' };
    const rows = await manager.query<DeliveryRow[]>(
      `WITH d AS (
         INSERT INTO webhook_deliveries (webhook_id, event_id, redelivery_of)
         VALUES ($1, $2, $3) RETURNING *)
       SELECT ${DELIVERY_COLUMNS} FROM d JOIN outbox_events e ON e.id = d.event_id`,
      [original.webhook_id, original.event_id, deliveryId],
    );
    const [row] = rows;
    if (!row) throw new Error('queuing a redelivery answered no row');
    return toDeliveryModel(row);
  },
};
