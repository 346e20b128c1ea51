import { Injectable } from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { checkWebhookUrl, parseAllowedHosts, type AllowedHost } from './allowed-hosts';
import { retryDelaySeconds } from './retry-schedule';
import { postWebhook, type PostOutcome } from './webhook-post';
import { signatureHeader } from './webhook-signature';
import { WebhookSecrets } from '../webhook/webhook-secrets';

/** The pg-boss queue of drains; the migration creates it (policy `short`: one waiting per webhook). */
export const DRAIN_QUEUE = 'webhook-drain';

/** Deliveries one drain sends at most before it gives the worker back. */
const DRAIN_BATCH = 50;
/**
 * No new send starts after this long in one drain: with WEBHOOK_TIMEOUT_MS at most 60 s, a drain
 * ends well within the job's expiry (120 s, set by the migration), so pg-boss never gives up on a
 * drain that is still running and hands its webhook to another.
 */
const DRAIN_BUDGET_MS = 45_000;

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
  /** WEBHOOK_ALLOWED_HOSTS, read once (loadConfig already refused a list it cannot read). */
  private readonly allowedHosts: AllowedHost[];

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('WebhookDrain');
    this.allowedHosts = parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  }

  /** Set at shutdown: a drain under way finishes its current send and starts no other. */
  stopping = false;

  async drain(dataSource: DataSource, webhookId: string): Promise<void> {
    // A pg client of the pool, not a TypeORM runner: it can be given back as broken (release(true)),
    // so a connection that may still hold the lock is closed, never reused.
    const pool = (dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } })
      .master;
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const lock = [`daicho.webhook:${webhookId}`];
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtextextended($1, 16)) AS locked`,
        lock,
      );
      if (!rows[0]?.locked) return; // another server is sending this webhook's line
      const until = Date.now() + DRAIN_BUDGET_MS;
      try {
        for (let sent = 0; sent < DRAIN_BATCH && !this.stopping && Date.now() < until; sent += 1)
          if (!(await this.sendHead(client, webhookId))) break;
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 16))`, lock);
      }
    } catch (error) {
      broken = error instanceof Error ? error : new Error('webhook drain failed');
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Sends the head of the line if it is due; true when the line may move on. */
  private async sendHead(client: PoolClient, webhookId: string): Promise<boolean> {
    const {
      rows: [head],
    } = await client.query<HeadRow>(
      `SELECT d.id, d.webhook_id, d.attempts, d.next_attempt_at <= now() AS due,
              (w.deleted_at IS NULL AND k.approved_at IS NOT NULL AND k.revoked_at IS NULL
                AND (k.expires_at IS NULL OR k.expires_at > now())) AS live,
              w.url, w.sealed_secret, e.id AS event_id, e.type, e.occurred_at, e.data
         FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id
         JOIN api_keys k ON k.id = w.api_key_id
         JOIN outbox_events e ON e.id = d.event_id
        WHERE d.webhook_id = $1 AND d.status = 'PENDING'
        ORDER BY d.seq LIMIT 1`,
      [webhookId],
    );
    if (!head) return false;
    if (!head.live) {
      // The key was revoked (or expired) after the events were written: nothing more goes out.
      await client.query(
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
      await client.query(
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
    await client.query(
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
    const checked = checkWebhookUrl(head.url, this.allowedHosts);
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
