import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig, connectionOf, isUuid } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { DRAIN_QUEUE, WebhookDrain } from './webhook-drain';

/** Drains run at once per server (each holds one connection while it sends). */
const WORKERS = 2;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Runs webhook delivery on pg-boss. Every WEBHOOK_RELAY_MS each server asks which webhooks have
 * a delivery that is due and queues a drain for each (`short` queue, one waiting job per webhook:
 * a second ask, from this server or another, adds nothing); pg-boss hands each job to one worker
 * on one server, and expires the job of a server that died. Deliveries written while every server
 * was down are due at the next start. Also purges history older than WEBHOOK_HISTORY_DAYS.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private boss: PgBoss | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private purgeTimer: NodeJS.Timeout | null = null;
  private asking: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly drain: WebhookDrain,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('WebhookRelay');
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.WEBHOOK_RELAY_MS;
    if (every === 0) return;
    const boss = new PgBoss({
      // pg-boss hands its options to pg's Pool: the same database, the same session settings.
      ...connectionOf(this.dataSource),
      max: 3,
      application_name: 'daicho-jobs',
      migrate: false, // installed by the migrations; the server's role may not create anything
      schedule: false,
      supervise: true,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 1,
    });
    boss.on('error', (error: unknown) => this.logger.error({ err: error }, 'job engine error'));
    await boss.start();
    this.boss = boss;
    for (let i = 0; i < WORKERS; i += 1)
      await boss.work<{ webhookId?: unknown }>(
        DRAIN_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          const webhookId = job?.data.webhookId;
          if (typeof webhookId === 'string' && isUuid(webhookId))
            await this.drain.drain(this.dataSource, webhookId);
        },
      );
    this.relayTimer = setInterval(() => this.askSoon(), every);
    this.relayTimer.unref();
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    this.askSoon();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.relayTimer) clearInterval(this.relayTimer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.relayTimer = this.purgeTimer = null;
    await this.asking;
    this.drain.stopping = true;
    // Lets a delivery under way finish (its row is marked) before the pool closes.
    await this.boss?.stop({
      graceful: true,
      wait: true,
      timeout: this.config.WEBHOOK_TIMEOUT_MS + 5000,
    });
    this.boss = null;
  }

  private askSoon(): void {
    if (this.asking) return;
    this.asking = this.queueDueDrains()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not look for due webhook deliveries'),
      )
      .finally(() => {
        this.asking = null;
      });
  }

  private async queueDueDrains(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    // Only lines whose head is due: a head waiting out its back-off holds the line behind it.
    const due = await this.dataSource.query<{ webhook_id: string }[]>(
      `SELECT webhook_id FROM (
         SELECT DISTINCT ON (webhook_id) webhook_id, next_attempt_at FROM webhook_deliveries
          WHERE status = 'PENDING' ORDER BY webhook_id, seq) AS heads
        WHERE next_attempt_at <= now()`,
    );
    for (const { webhook_id: webhookId } of due)
      await boss.send(DRAIN_QUEUE, { webhookId }, { singletonKey: webhookId });
  }

  private async purge(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM webhook_deliveries
          WHERE status <> 'PENDING' AND created_at < now() - $1 * interval '1 day'`,
        [this.config.WEBHOOK_HISTORY_DAYS],
      );
      await this.dataSource.query(
        `DELETE FROM outbox_events e
          WHERE occurred_at < now() - $1 * interval '1 day'
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`,
        [this.config.WEBHOOK_HISTORY_DAYS],
      );
    } catch (error: unknown) {
      this.logger.error({ err: error }, 'webhook history purge failed; it runs again in an hour');
    }
  }
}
