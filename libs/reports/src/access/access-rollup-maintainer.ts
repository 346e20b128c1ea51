import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LedgerStore } from '@daicho/ledger';
import { AppConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import { AccessRollup } from './access-rollup';

/**
 * Keeps the access report's rollup up to the latest signed checkpoint, every
 * ACCESS_ROLLUP_SECONDS (0 = never), at start too. Several servers may each run it: one folds,
 * the others find the lock taken and wait for the next tick.
 */
@Injectable()
export class AccessRollupMaintainer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly rollup: AccessRollup,
    private readonly store: LedgerStore,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('AccessRollup');
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.ACCESS_ROLLUP_SECONDS;
    if (seconds === 0) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), seconds * 1000);
    this.timer.unref();
  }

  /** Lets the batch under way finish before the pool closes; the rest waits for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private tick(): void {
    if (this.inFlight) return;
    this.inFlight = this.fold().finally(() => {
      this.inFlight = null;
    });
  }

  private async fold(): Promise<void> {
    try {
      const latest = await this.store.latestCheckpoint();
      if (latest) await this.rollup.catchUp(latest.treeSize, { keepGoing: () => !this.stopping });
    } catch (error: unknown) {
      this.logger.error({ err: error }, 'access rollup could not fold the latest entries');
    }
  }
}
