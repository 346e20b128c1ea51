import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuditTrail, type AuditEvent } from './audit-trail';

/** Writes audit events as structured log lines (ids and codes only) until the ledger is wired in. */
@Injectable()
export class LogAuditTrail extends AuditTrail {
  constructor(private readonly logger: PinoLogger) {
    super();
    logger.setContext('AuditTrail');
  }

  /** Keyed per process: enough to correlate lines of one run, useless to anyone reading logs. */
  private readonly pseudonymKey = randomBytes(32);

  pseudonymOfEmail(email: string): string {
    return createHmac('sha256', this.pseudonymKey).update(email.trim().toLowerCase()).digest('hex');
  }

  record(event: AuditEvent): Promise<void> {
    this.logger.info({ audit: event }, `audit ${event.action} ${event.outcome}`);
    return Promise.resolve();
  }
}
