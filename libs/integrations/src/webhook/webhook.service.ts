import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { recordDenial, Role, type RequestContext } from '@daicho/access';
import { auditEventFor } from '@daicho/identity';
import {
  AppConfig,
  AuditTrail,
  BadUserInputError,
  ConflictError,
  decodeCursor,
  decodeTimeCursor,
  DomainEventType,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  pageOf,
  encodeCursor,
  type AuditEvent,
  type Page,
} from '@daicho/platform';
import { isRefusedAddress } from '../delivery/address-guard';
import {
  checkWebhookUrl,
  parseAllowedHosts,
  urlProblemMessage,
  type AllowedHost,
} from '../delivery/allowed-hosts';
import type { CreateWebhookInput } from './dto/create-webhook.input';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookStore } from './webhook-store';
import type {
  CreatedWebhook,
  WebhookDeliveryModel,
  WebhookDeliveryStatus,
  WebhookModel,
} from './webhook.models';

/** Events that name no person (counts of a sweep, a checkpoint): they need no second person. */
const ABOUT_NO_ONE: ReadonlySet<DomainEventType> = new Set([
  DomainEventType.RETENTION_RUN,
  DomainEventType.CHECKPOINT_SIGNED,
]);

/**
 * Registering, listing and removing an API key's webhooks, and looking after their deliveries.
 * Separation of duties: an administrator registers; a webhook for events about persons (which
 * name people, requests and incidents the administrator may not read) flows only once the CPO
 * approves it.
 */
@Injectable()
export class WebhookService {
  /** WEBHOOK_ALLOWED_HOSTS, read once (loadConfig already refused a list it cannot read). */
  private readonly allowedHosts: AllowedHost[];

  constructor(
    config: AppConfig,
    private readonly secrets: WebhookSecrets,
    private readonly auditTrail: AuditTrail,
  ) {
    this.allowedHosts = parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  }

  async create(ctx: RequestContext, input: CreateWebhookInput): Promise<CreatedWebhook> {
    const checked = checkWebhookUrl(input.url, this.allowedHosts);
    if ('problem' in checked)
      throw new BadUserInputError(urlProblemMessage(checked.problem), ['url']);
    const literal = checked.url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && isRefusedAddress(literal))
      throw new BadUserInputError(
        'url names a link-local or cloud metadata address; webhooks are never sent there.',
        ['url'],
      );
    const id = randomUUID();
    const secret = this.secrets.generate();
    const sealedSecret = await this.secrets.seal(id, secret);
    return ctx.transaction(async (tx) => {
      if (!(await WebhookStore.lockLiveApiKey(tx.manager, input.apiKeyId)))
        throw new NotFoundError('No active API key has this id.');
      const webhook = await WebhookStore.insert(tx.manager, {
        id,
        apiKeyId: input.apiKeyId,
        url: checked.url.href,
        events: input.events,
        sealedSecret,
        createdBy: ctx.actor.id ?? '',
        approvedNow: input.events.every((event) => ABOUT_NO_ONE.has(event)),
      });
      await this.audit(tx, LedgerAction.PERMISSION_CHANGE, id, {
        change: 'webhook created',
        apiKeyId: input.apiKeyId,
        events: webhook.events,
      });
      return { webhook, secret };
    });
  }

  /** The CPO lets a webhook's events about persons flow; never the one who registered it. */
  async approve(ctx: RequestContext, id: string): Promise<WebhookModel> {
    const target = { operation: 'approve Webhook', type: 'Webhook', id };
    if (ctx.role !== Role.CPO)
      throw await recordDenial(
        ctx,
        target,
        new ForbiddenError('Only the CPO approves a webhook for events about persons.'),
      );
    return ctx.transaction(async (tx) => {
      const found = await WebhookStore.forApproval(tx.manager, id);
      if (!found) throw new NotFoundError('No webhook has this id.');
      if (found.approvedAt) throw new ConflictError('This webhook is already approved.');
      if (found.createdBy === ctx.actor.id)
        throw await recordDenial(
          ctx,
          { ...target, reason: 'own webhook' },
          new ForbiddenError(
            'A webhook is approved by someone other than the one who registered it.',
          ),
        );
      const approved = await WebhookStore.markApproved(tx.manager, id, ctx.actor.id ?? '');
      await this.audit(tx, LedgerAction.PERMISSION_CHANGE, id, { change: 'webhook approved' });
      return approved;
    });
  }

  /** Webhooks not deleted, oldest first, a keyset page of (creation time, id). */
  async list(
    ctx: RequestContext,
    apiKeyId: string | null,
    page: { first: number; after?: string },
  ): Promise<Page<WebhookModel>> {
    const after = page.after ? decodeTimeCursor(page.after) : null;
    const rows = await WebhookStore.listLive(ctx.manager, apiKeyId, after, page.first + 1);
    return pageOf(
      rows,
      page.first,
      (webhook) => encodeCursor(webhook.createdAt.toISOString(), webhook.id),
      (webhook) => webhook,
    );
  }

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    return ctx.transaction(async (tx) => {
      if (!(await WebhookStore.markDeleted(tx.manager, id, ctx.actor.id ?? '')))
        throw new NotFoundError('No webhook has this id.');
      await this.audit(tx, LedgerAction.PERMISSION_CHANGE, id, { change: 'webhook deleted' });
      return true;
    });
  }

  async deliveries(
    ctx: RequestContext,
    webhookId: string,
    first: number,
    after: string | undefined,
    status: WebhookDeliveryStatus | undefined,
  ): Promise<Page<WebhookDeliveryModel>> {
    let beforeSeq: string | null = null;
    if (after !== undefined) {
      const { sortKey } = decodeCursor(after);
      if (!/^[1-9][0-9]{0,17}$/.test(sortKey))
        throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
      beforeSeq = sortKey;
    }
    if (!(await WebhookStore.exists(ctx.manager, webhookId)))
      throw new NotFoundError('No webhook has this id.');
    const rows = await WebhookStore.deliveries(
      ctx.manager,
      webhookId,
      beforeSeq,
      status ?? null,
      first + 1,
    );
    return pageOf(
      rows,
      first,
      (row) => encodeCursor(row.seq, row.model.id),
      (row) => row.model,
    );
  }

  async redeliver(ctx: RequestContext, deliveryId: string): Promise<WebhookDeliveryModel> {
    return ctx.transaction(async (tx) => {
      const queued = await WebhookStore.redeliver(tx.manager, deliveryId);
      if (queued === null) throw new NotFoundError('No webhook delivery has this id.');
      if ('state' in queued)
        throw new ConflictError(
          queued.state === 'pending'
            ? 'This delivery is still waiting for its turn; it can be repeated once delivered or dead.'
            : "Its webhook (or the webhook's API key) was removed; register a webhook again.",
        );
      await this.audit(tx, LedgerAction.UPDATE, queued.webhookId, {
        change: 'webhook redelivery',
        deliveryId,
        eventType: queued.eventType,
      });
      return queued;
    });
  }

  private audit(
    ctx: RequestContext,
    action: LedgerAction,
    webhookId: string,
    details: AuditEvent['details'],
  ): Promise<void> {
    return this.auditTrail.record(
      auditEventFor(ctx, action, { type: 'Webhook', id: webhookId }, details),
      ctx.manager,
    );
  }
}
