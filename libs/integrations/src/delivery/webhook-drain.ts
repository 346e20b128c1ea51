import { Injectable } from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource, QueryRunner } from 'typeorm';
import { checkWebhookUrl, parseAllowedHosts } from './allowed-hosts';
import { retryDelaySeconds } from './retry-schedule';
import { postWebhook, type PostOutcome } from './webhook-post';
import { signatureHeader } from './webhook-signature';
import { WebhookSecrets } from '../webhook/webhook-secrets';

/** The pg-boss queue of drains; the migration creates it (policy `short`: one waiting per webhook). */
export const DRAIN_QUEUE = 'webhook-drain';

/** Deliveries one drain sends at most before it gives the worker back. */
const DRAIN_BATCH = 50;

interface HeadRow {
  id: string;
  webhook_id: string;
  attempts: number;
  due: boolean;
  live: boolean;
  url: string;
  sealed_secret: Buffer;
  event_id: string;
  type: string;
  occurred_at: Date;
  data: Record<string, unknown>;
}

/**
 * Sends one webhook's waiting deliveries in their order (the order their events were written).
 * Only one drain per webhook runs at a time across all servers: a session advisory lock, held on
 * its own connection for the drain, so it dies with a crashed server and the next drain (the
 * relay asks again within WEBHOOK_RELAY_MS) goes on. A failed head waits for its back-off and the
 * line behind it waits too (order); after WEBHOOK_MAX_ATTEMPTS it is dead-lettered and the line
 * moves on. A crash after the endpoint answered and before the row was marked means the event is
 * sent again: at least once, and the body's `id` lets the consumer drop the repeat.
 */
@Injectable()
export class WebhookDrain {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('WebhookDrain');
  }

  async drain(dataSource: DataSource, webhookId: string): Promise<void> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const lock = [`daicho.webhook:${webhookId}`];
      const [{ locked } = { locked: false }] = (await runner.query(
        `SELECT pg_try_advisory_lock(hashtextextended($1, 16)) AS locked`,
        lock,
      )) as { locked: boolean }[];
      if (!locked) return; // another server is sending this webhook's line
      try {
        for (let sent = 0; sent < DRAIN_BATCH; sent += 1)
          if (!(await this.sendHead(runner, webhookId))) break;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 16))`, lock);
      }
    } finally {
      await runner.release();
    }
  }

  /** Sends the head of the line if it is due; true when the line may move on. */
  private async sendHead(runner: QueryRunner, webhookId: string): Promise<boolean> {
    const [head] = (await runner.query(
      `SELECT d.id, d.webhook_id, d.attempts, d.next_attempt_at <= now() AS due,
              (w.deleted_at IS NULL AND k.revoked_at IS NULL
                AND (k.expires_at IS NULL OR k.expires_at > now())) AS live,
              w.url, w.sealed_secret, e.id AS event_id, e.type, e.occurred_at, e.data
         FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id
         JOIN api_keys k ON k.id = w.api_key_id
         JOIN outbox_events e ON e.id = d.event_id
        WHERE d.webhook_id = $1 AND d.status = 'PENDING'
        ORDER BY d.seq LIMIT 1`,
      [webhookId],
    )) as HeadRow[];
    if (!head) return false;
    if (!head.live) {
      // The key was revoked (or expired) after the events were written: nothing more goes out.
      await runner.query(
        `UPDATE webhook_deliveries SET status = 'CANCELLED'
          WHERE webhook_id = $1 AND status = 'PENDING'`,
        [webhookId],
      );
      return false;
    }
    if (!head.due) return false;
    const outcome = await this.attempt(head);
    const attempts = head.attempts + 1;
    if (outcome.delivered) {
      await runner.query(
        `UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = $2, last_attempt_at = now(),
                last_status_code = $3, last_failure = NULL, delivered_at = now()
          WHERE id = $1 AND status = 'PENDING'`,
        [head.id, attempts, outcome.statusCode],
      );
      this.logger.info({ webhookId, deliveryId: head.id, attempts }, 'webhook delivered');
      return true;
    }
    const dead = attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const delay = retryDelaySeconds(
      attempts,
      this.config.WEBHOOK_RETRY_BASE_SECONDS,
      this.config.WEBHOOK_RETRY_MAX_SECONDS,
    );
    await runner.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = $3, last_attempt_at = now(), last_status_code = $4,
              last_failure = $5, next_attempt_at = now() + $6 * interval '1 second'
        WHERE id = $1 AND status = 'PENDING'`,
      [head.id, dead ? 'DEAD' : 'PENDING', attempts, outcome.statusCode, outcome.failure, delay],
    );
    this.logger.warn(
      {
        webhookId,
        deliveryId: head.id,
        attempts,
        failure: outcome.failure,
        status: outcome.statusCode,
        dead,
      },
      dead ? 'webhook delivery dead-lettered' : 'webhook delivery failed; retrying later',
    );
    return dead;
  }

  private async attempt(head: HeadRow): Promise<PostOutcome> {
    const checked = checkWebhookUrl(head.url, parseAllowedHosts(this.config.WEBHOOK_ALLOWED_HOSTS));
    if ('problem' in checked)
      return { delivered: false, failure: 'HOST_NOT_ALLOWED', statusCode: null };
    let secret: string;
    try {
      secret = await this.secrets.open(head.webhook_id, head.sealed_secret);
    } catch {
      return { delivered: false, failure: 'SECRET_UNREADABLE', statusCode: null };
    }
    const body = JSON.stringify({
      id: head.event_id,
      type: head.type,
      occurredAt: head.occurred_at.toISOString(),
      data: head.data,
    });
    return postWebhook(
      checked.url,
      body,
      {
        'daicho-signature': signatureHeader(secret, body, Date.now() / 1000),
        'daicho-event-id': head.event_id,
        'daicho-event-type': head.type,
      },
      this.config.WEBHOOK_TIMEOUT_MS,
    );
  }
}
