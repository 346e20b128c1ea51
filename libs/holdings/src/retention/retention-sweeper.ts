import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { RetentionService } from './retention.service';
import { claimSweep, releaseSweep } from './sweep-lease';

/** How often a server asks whether this period's sweep is still to be done. */
const ASK_EVERY_MS = 3_600_000;

/**
 * Runs the retention sweep at start and then once every RETENTION_SWEEP_HOURS (0 = never; the
 * CLI still can), once across all running servers: each asks hourly (and at start) and only the
 * one that claims the period's lease sweeps (`claimSweep`). A server restarted daily therefore
 * still disposes of what is due (APPI art. 22: delete personal data once it is no longer needed).
 */
@Injectable()
export class RetentionSweeper
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly runner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly config: AppConfig,
    private readonly retention: RetentionService,
    private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('RetentionSweeper');
  }

  onApplicationBootstrap(): void {
    const hours = this.config.RETENTION_SWEEP_HOURS;
    if (hours === 0) return;
    this.sweepIfDue(hours); // at start, without delaying the server's readiness
    this.timer = setInterval(
      () => this.sweepIfDue(hours),
      Math.min(hours * 3_600_000, ASK_EVERY_MS),
    );
    this.timer.unref();
  }

  /** Lets a sweep under way finish before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private sweepIfDue(hours: number): void {
    if (this.inFlight) return;
    this.inFlight = this.sweep(hours).finally(() => {
      this.inFlight = null;
    });
  }

  private async sweep(hours: number): Promise<void> {
    try {
      if (!(await claimSweep(this.dataSource, hours, this.runner))) return;
      this.logger.info({ runner: this.runner }, 'retention sweep claimed; sweeping');
    } catch (error: unknown) {
      this.logger.error({ err: error }, 'retention sweep could not ask for the lease');
      return;
    }
    try {
      await this.retention.run({ dryRun: false });
    } catch (error: unknown) {
      this.logger.error({ err: error }, 'retention sweep failed; it runs again at the next ask');
      await releaseSweep(this.dataSource, this.runner).catch((releaseError: unknown) => {
        this.logger.error({ err: releaseError }, 'retention sweep lease not given back');
      });
    }
  }
}
