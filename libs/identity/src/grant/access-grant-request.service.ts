import { Injectable } from '@nestjs/common';
import type { RequestContext, Role } from '@daicho/access';
import { AuditTrail, ConflictError, LedgerAction } from '@daicho/platform';
import { Not } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import type { UserEntity } from '../user/user.entity';
import { AccessGrantEntity } from './access-grant.entity';
import {
  AccessGrantKind,
  AccessGrantStatus,
  approversOf,
  resetApproversOf,
} from './access-grant-rules';

/**
 * Opening grants (JIS Q 15001 A.3.4.3.2, separation of duties): a grant of a role that reads
 * personal data, or of ADMIN, waits as PENDING until a second person decides it
 * (AccessGrantService). The user use cases ask here whether a change needs one and open it.
 */
@Injectable()
export class AccessGrantRequestService {
  constructor(private readonly auditTrail: AuditTrail) {}

  /** True when granting `role` needs a second person. */
  needsApproval(role: Role): boolean {
    return approversOf(role) !== null;
  }

  /** True when resetting the password of a `role` holder needs a second person. */
  resetNeedsApproval(role: Role): boolean {
    return resetApproversOf(role) !== null;
  }

  /**
   * The start of a deployment: while no CPO exists and none was ever granted, the first CPO may be
   * created directly. Serialised, so two concurrent creations cannot both be "the first".
   */
  async mayBootstrapCpo(ctx: RequestContext): Promise<boolean> {
    await ctx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('daicho:cpo-bootstrap'))`);
    const [row] = await ctx.manager.query<{ taken: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM users WHERE role = 'CPO')
           OR EXISTS (SELECT 1 FROM access_grants WHERE role = 'CPO') AS taken`,
    );
    if (!row) throw new Error('The CPO bootstrap check returned no row.');
    return !row.taken;
  }

  /** True when the user was created under a grant that no second person approved. */
  async creationUnapproved(ctx: RequestContext, userId: string): Promise<boolean> {
    return ctx.manager.existsBy(AccessGrantEntity, {
      userId,
      kind: AccessGrantKind.CREATION,
      status: Not(AccessGrantStatus.APPROVED),
    });
  }

  /** Records the bootstrap CPO's grant as decided, so no later CPO is ever "the first". */
  async recordBootstrap(ctx: RequestContext, user: UserEntity): Promise<void> {
    const now = new Date();
    await ctx.manager.save(
      ctx.manager.create(AccessGrantEntity, {
        userId: user.id,
        role: user.role,
        kind: AccessGrantKind.BOOTSTRAP,
        requestedBy: ctx.actor.id,
        requestedAt: now,
        status: AccessGrantStatus.APPROVED,
        decidedBy: ctx.actor.id,
        decidedAt: now,
        reason: null,
      }),
    );
  }

  /** Opens a pending grant for a user whose row the caller holds locked (or just created). */
  async request(
    ctx: RequestContext,
    user: UserEntity,
    role: Role,
    kind: AccessGrantKind,
  ): Promise<AccessGrantEntity> {
    const manager = ctx.manager;
    if (
      await manager.existsBy(AccessGrantEntity, {
        userId: user.id,
        status: AccessGrantStatus.PENDING,
      })
    ) {
      throw new ConflictError(
        'A grant for this user is already waiting for approval; approve or reject it first (accessGrants).',
      );
    }
    const grant = await manager.save(
      manager.create(AccessGrantEntity, {
        userId: user.id,
        role,
        kind,
        requestedBy: ctx.actor.id,
        requestedAt: new Date(),
        status: AccessGrantStatus.PENDING,
        decidedBy: null,
        decidedAt: null,
        reason: null,
      }),
    );
    await this.auditTrail.record(
      auditEventFor(
        ctx,
        LedgerAction.GRANT_REQUESTED,
        { type: 'User', id: user.id },
        {
          grantId: grant.id,
          kind,
          role,
          roleBefore: kind === AccessGrantKind.CREATION ? null : user.role,
        },
      ),
      manager,
    );
    return grant;
  }
}
