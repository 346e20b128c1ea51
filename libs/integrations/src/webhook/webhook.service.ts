import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  AppConfig,
  AuditTrail,
  BadUserInputError,
  ConflictError,
  decodeCursor,
  LedgerAction,
  NotFoundError,
  pageOf,
  encodeCursor,
  type AuditEvent,
  type Page,
} from '@daicho/platform';
import { isRefusedAddress } from '../delivery/address-guard';
import { checkWebhookUrl, parseAllowedHosts, urlProblemMessage } from '../delivery/allowed-hosts';
import type { CreateWebhookInput } from './dto/create-webhook.input';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookStore } from './webhook-store';
import type {
  CreatedWebhook,
  WebhookDeliveryModel,
  WebhookDeliveryStatus,
  WebhookModel,
} from './webhook.models';

/** Registering, listing and removing an API key's webhooks, and looking after their deliveries. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
    private readonly auditTrail: AuditTrail,
  ) {}

  async create(ctx: RequestContext, input: CreateWebhookInput): Promise<CreatedWebhook> {
    const checked = checkWebhookUrl(
      input.url,
      parseAllowedHosts(this.config.WEBHOOK_ALLOWED_HOSTS),
    );
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
      });
      await this.audit(tx, LedgerAction.PERMISSION_CHANGE, id, {
        change: 'webhook created',
        apiKeyId: input.apiKeyId,
        events: webhook.events,
      });
      return { webhook, secret };
    });
  }

  list(ctx: RequestContext, apiKeyId: string | null): Promise<WebhookModel[]> {
    return WebhookStore.listLive(ctx.manager, apiKeyId);
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
      {
        action,
        outcome: 'ALLOWED',
        actorKind: ctx.actor.kind,
        actorId: ctx.actor.id,
        actorRole: ctx.actor.role,
        requestId: ctx.requestId,
        targetType: 'Webhook',
        targetId: webhookId,
        details,
      },
      ctx.manager,
    );
  }
}
