import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { LogAuditTrail } from './log-audit-trail';

@Global()
@Module({
  providers: [{ provide: AuditTrail, useClass: LogAuditTrail }],
  exports: [AuditTrail],
})
export class AuditModule {}
