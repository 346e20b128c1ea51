import type { RequestContext } from '@daicho/access';
import type { Ledger } from '@daicho/ledger';
import type { DomainError } from '@daicho/platform';
import type { DataSource } from 'typeorm';
import { LedgerAction } from '@daicho/platform';

/**
 * Records a refused hand-off in its own write (it must outlive the failed call) and returns the
 * error to throw. Only codes and pseudonymous ids go in, never what was asked to be handed over.
 */
export async function refusal(
  ledger: Ledger,
  dataSource: DataSource,
  ctx: RequestContext,
  target: { type: string; id?: string; categoryCode?: string; subjectId?: string },
  operation: string,
  error: DomainError,
): Promise<DomainError> {
  await ledger.append(
    { manager: dataSource.manager, requestId: ctx.requestId, actor: ctx.actor },
    {
      action: LedgerAction.DENIED,
      outcome: LedgerAction.DENIED,
      targetType: target.type,
      targetId: target.id,
      categoryCode: target.categoryCode,
      subjectId: target.subjectId,
      details: { operation, reason: error.code },
    },
  );
  return error;
}
