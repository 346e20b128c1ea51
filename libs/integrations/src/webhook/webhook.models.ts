import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DomainEventType, Paginated } from '@daicho/platform';
import type { DeliveryFailure } from '../delivery/webhook-post';

registerEnumType(DomainEventType, {
  name: 'WebhookEvent',
  description: 'What happened; a delivery body names it as `type` (e.g. record.created)',
});

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: waiting for its turn or its next attempt; DELIVERED: a 2xx came back; DEAD: every attempt failed (redeliver by hand); CANCELLED: the webhook or its API key was removed first',
});

export enum WebhookDeliveryFailure {
  HOST_NOT_ALLOWED = 'HOST_NOT_ALLOWED',
  ADDRESS_REFUSED = 'ADDRESS_REFUSED',
  DNS_FAILED = 'DNS_FAILED',
  CONNECTION_FAILED = 'CONNECTION_FAILED',
  TIMEOUT = 'TIMEOUT',
  HTTP_STATUS = 'HTTP_STATUS',
  SECRET_UNREADABLE = 'SECRET_UNREADABLE',
}
registerEnumType(WebhookDeliveryFailure, { name: 'WebhookDeliveryFailure' });

/** The compiler keeps the stored failure codes and the GraphQL enum the same list. */
export const FAILURE_OF: Record<DeliveryFailure, WebhookDeliveryFailure> = WebhookDeliveryFailure;

@ObjectType('Webhook', {
  description: "An endpoint of an API key's system that hears about events",
})
export class WebhookModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  apiKeyId!: string;

  @Field()
  url!: string;

  @Field(() => [DomainEventType])
  events!: DomainEventType[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When events began to flow: at once for retention.run and checkpoint.signed only; for events about persons when the CPO approved (approveWebhook)',
  })
  approvedAt!: Date | null;
}

@ObjectType('WebhookConnection')
export class WebhookConnection extends Paginated(WebhookModel, 'Webhook') {}

@ObjectType()
export class CreatedWebhook {
  @Field(() => WebhookModel)
  webhook!: WebhookModel;

  @Field({
    description:
      'The signing secret (whsec_…): the endpoint checks Daicho-Signature with it. Shown only this once',
  })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event on its way to one webhook' })
export class WebhookDeliveryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  webhookId!: string;

  @Field(() => ID, {
    description: "The body's `id`: the same for a redelivery, so consumers dedupe by it",
  })
  eventId!: string;

  @Field(() => DomainEventType)
  eventType!: DomainEventType;

  @Field()
  occurredAt!: Date;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When PENDING: not before this' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The endpoint's last HTTP status" })
  lastStatusCode!: number | null;

  @Field(() => WebhookDeliveryFailure, { nullable: true })
  lastFailure!: WebhookDeliveryFailure | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The delivery this one repeats, by hand' })
  redeliveryOf!: string | null;
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnection extends Paginated(WebhookDeliveryModel, 'WebhookDelivery') {}
