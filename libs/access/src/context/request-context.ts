import { randomUUID } from 'node:crypto';
import { inTransaction, type AuditTrail } from '@daicho/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../actor';
import { abilityFor, type AppAbility } from '../policy/ability.factory';
import type { Role } from '../role';

/**
 * Everything a use case needs to know about the call it serves: who acts, with which ability,
 * under which request id, and (inside `transaction`) the entity manager of the open transaction.
 * Built once per request by the access guard and passed explicitly to services.
 */
export class RequestContext {
  private constructor(
    readonly actor: Actor,
    readonly ability: AppAbility,
    readonly requestId: string,
    /** Where refusals go (recordDenial), each in its own write. */
    readonly auditTrail: AuditTrail,
    private readonly dataSource: DataSource,
    private readonly openManager?: EntityManager,
  ) {}

  static forActor(
    actor: Actor,
    requestId: string,
    dataSource: DataSource,
    auditTrail: AuditTrail,
  ): RequestContext {
    return new RequestContext(actor, abilityFor(actor), requestId, auditTrail, dataSource);
  }

  /** For work the system does on its own (start-up, CLI, sweepers). */
  static system(
    dataSource: DataSource,
    auditTrail: AuditTrail,
    requestId: string = randomUUID(),
  ): RequestContext {
    return RequestContext.forActor(SYSTEM_ACTOR, requestId, dataSource, auditTrail);
  }

  get role(): Role {
    return this.actor.role;
  }

  /** The open transaction's manager; outside `transaction` the pool's (auto-commit) manager. */
  get manager(): EntityManager {
    return this.openManager ?? this.dataSource.manager;
  }

  /**
   * Runs `work` in one transaction with a context bound to it; nested calls join the open one, so
   * a use case and the records it writes (ledger intake included) commit or roll back together.
   */
  async transaction<T>(work: (ctx: RequestContext) => Promise<T>): Promise<T> {
    if (this.openManager) return work(this);
    return inTransaction(this.dataSource, (manager) =>
      work(
        new RequestContext(
          this.actor,
          this.ability,
          this.requestId,
          this.auditTrail,
          this.dataSource,
          manager,
        ),
      ),
    );
  }
}
