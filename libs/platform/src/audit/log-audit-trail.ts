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

  record(event: AuditEvent): Promise<void> {
    this.logger.info({ audit: event }, `audit ${event.action} ${event.outcome}`);
    return Promise.resolve();
  }
}
