import { Injectable } from '@nestjs/common';
import {
  API_KEY_SCOPES,
  assertAllowed,
  recordDenial,
  Role,
  type RequestContext,
} from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  byTimeKeyset,
  ConflictError,
  encodeCursor,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  type Page,
  pageOf,
} from '@daicho/platform';
import { DataSource } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import { API_KEY_PREFIX, randomSecret, sha256 } from '../common/secret-hash';
import { ApiKeyEntity } from './api-key.entity';
import type { CreateApiKeyInput } from './dto/create-api-key.input';

/** API keys for machine clients (role INTEGRATION): shown once, stored hashed, scoped, revocable. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {}

  async createApiKey(
    ctx: RequestContext,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    await assertAllowed(ctx, 'create', 'ApiKey');
    const unknown = input.scopes.filter((scope) => !(scope in API_KEY_SCOPES));
    if (unknown.length > 0) {
      throw new BadUserInputError(
        `scopes contains unknown scopes (${unknown.join(', ')}); known: ${Object.keys(API_KEY_SCOPES).join(', ')}.`,
        ['scopes'],
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new BadUserInputError('expiresAt must be in the future.', ['expiresAt']);
    }
    // Nobody raises their own rights: a scope the creator's own role does not grant (an
    // administrator reporting accesses to personal data into the ledger) waits for the CPO.
    const beyondCreator = [...new Set(input.scopes)].filter(
      (scope) =>
        !(API_KEY_SCOPES[scope] ?? []).every((rule) => ctx.ability.can(rule.action, rule.subject)),
    );
    const secret = `${API_KEY_PREFIX}${randomSecret()}`;
    const apiKey = await ctx.transaction(async (tx) => {
      const saved = await tx.manager.save(
        tx.manager.create(ApiKeyEntity, {
          name: input.name,
          secretHash: sha256(secret),
          scopes: [...new Set(input.scopes)],
          createdBy: ctx.actor.kind === 'USER' ? ctx.actor.id : null,
          createdAt: new Date(),
          expiresAt: input.expiresAt ?? null,
          revokedAt: null,
          lastUsedAt: null,
          approvedAt: beyondCreator.length === 0 ? new Date() : null,
          approvedBy: null,
        }),
      );
      await this.auditTrail.record(
        auditEventFor(
          ctx,
          LedgerAction.PERMISSION_CHANGE,
          { type: 'ApiKey', id: saved.id },
          {
            change: 'api key created',
            scopes: saved.scopes,
            awaitingApprovalFor: beyondCreator,
          },
        ),
        tx.manager,
      );
      return saved;
    });
    return { apiKey, secret };
  }

  /**
   * The CPO lets a key whose scopes reach beyond its creator's rights work; never the one who
   * created it (separation of duties, as for webhooks about persons).
   */
  async approveApiKey(ctx: RequestContext, id: string): Promise<ApiKeyEntity> {
    const target = { operation: 'approve ApiKey', type: 'ApiKey', id };
    if (ctx.role !== Role.CPO)
      throw await recordDenial(
        ctx,
        target,
        new ForbiddenError(
          'Only the CPO approves an API key whose scopes reach beyond its creator’s rights.',
        ),
      );
    return ctx.transaction(async (tx) => {
      const key = await tx.manager.findOne(ApiKeyEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!key) throw new NotFoundError('No API key has this id.');
      if (key.revokedAt) throw new ConflictError('This API key was revoked; create another.');
      if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
        throw new ConflictError('This API key has expired; create another.');
      if (key.approvedAt) throw new ConflictError('This API key is already approved.');
      if (key.createdBy === ctx.actor.id)
        throw await recordDenial(
          tx,
          { ...target, reason: 'own api key' },
          new ForbiddenError(
            'An API key is approved by someone other than the one who created it.',
          ),
        );
      key.approvedAt = new Date();
      key.approvedBy = ctx.actor.id;
      await tx.manager.update(
        ApiKeyEntity,
        { id },
        { approvedAt: key.approvedAt, approvedBy: key.approvedBy },
      );
      await this.auditTrail.record(
        auditEventFor(
          tx,
          LedgerAction.PERMISSION_CHANGE,
          { type: 'ApiKey', id },
          {
            change: 'api key approved',
            scopes: key.scopes,
          },
        ),
        tx.manager,
      );
      return key;
    });
  }

  async revokeApiKey(ctx: RequestContext, id: string): Promise<void> {
    await assertAllowed(ctx, 'update', 'ApiKey');
    await ctx.transaction(async (tx) => {
      const key = await tx.manager.findOneBy(ApiKeyEntity, { id });
      if (!key) throw new NotFoundError('No API key has this id.');
      if (key.revokedAt) return;
      await tx.manager.update(ApiKeyEntity, { id }, { revokedAt: new Date() });
      await this.auditTrail.record(
        auditEventFor(
          ctx,
          LedgerAction.PERMISSION_CHANGE,
          { type: 'ApiKey', id },
          { change: 'api key revoked' },
        ),
        tx.manager,
      );
    });
  }

  /** Keys oldest first, a keyset page of (creation time, id). */
  async listApiKeys(
    ctx: RequestContext,
    page: { first: number; after?: string },
  ): Promise<Page<ApiKeyEntity>> {
    await assertAllowed(ctx, 'read', 'ApiKey');
    const query = byTimeKeyset(
      ctx.manager.createQueryBuilder(ApiKeyEntity, 'k'),
      { column: 'k.created_at', id: 'k.id', order: 'ASC' },
      page,
    );
    return pageOf(
      await query.getMany(),
      page.first,
      (key) => encodeCursor(key.createdAt.toISOString(), key.id),
      (key) => key,
    );
  }
}
