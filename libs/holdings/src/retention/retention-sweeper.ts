import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import { PinoLogger } from 'nestjs-pino';
import { RetentionService } from './retention.service';

/**
 * Runs the retention sweep every RETENTION_SWEEP_HOURS (0 = never; the CLI still can). Several
 * server processes may sweep at once: rows are locked with SKIP LOCKED, nothing is disposed twice.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly retention: RetentionService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('RetentionSweeper');
  }

  onApplicationBootstrap(): void {
    const hours = this.config.RETENTION_SWEEP_HOURS;
    if (hours === 0) return;
    this.timer = setInterval(() => {
      this.retention.run({ dryRun: false }).catch((error: unknown) => {
        this.logger.error({ err: error }, 'retention sweep failed; it runs again next time');
      });
    }, hours * 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
