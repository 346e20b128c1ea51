import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { AppConfig } from '../config/app-config';
import { Readiness } from './readiness';

const PROBE_REUSE_MS = 500;

/** Liveness, readiness and database state for operators and load balancers; no personal data. */
@Controller('health')
export class HealthController {
  private probe: { at: number; state: Promise<'up' | 'down'> } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
    private readonly config: AppConfig,
  ) {}

  /** The database's state; 503 while it cannot be reached. */
  @Public()
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const database = await this.database();
    const ok = database === 'up';
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ok' : 'degraded', server: 'up', database });
  }

  /** The process answers: restart it only when this fails. */
  @Public()
  @Get('live')
  live(@Res() res: Response): void {
    res.status(HttpStatus.OK).json({ status: 'ok', server: 'up' });
  }

  /** Send it requests: 503 while shutting down or while the database cannot be reached. */
  @Public()
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const draining = this.readiness.isDraining;
    const database = draining ? 'not checked' : await this.database();
    const ok = !draining && database === 'up';
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ready' : draining ? 'draining' : 'degraded', database });
  }

  /**
   * Probes at once share one check, and an answer stands for PROBE_REUSE_MS: a flood of
   * unauthenticated probes cannot queue database work ahead of real requests.
   */
  private database(): Promise<'up' | 'down'> {
    if (this.probe && Date.now() - this.probe.at < PROBE_REUSE_MS) return this.probe.state;
    const state = this.check();
    this.probe = { at: Date.now(), state };
    return state;
  }

  private async check(): Promise<'up' | 'down'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'down'>((resolve) => {
      timer = setTimeout(() => resolve('down'), this.config.HEALTH_DATABASE_PROBE_MS);
    });
    const probe = this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
