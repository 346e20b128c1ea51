import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { PageArgs, UuidPipe, IsId } from '@daicho/platform';
import { IsEnum, IsOptional } from 'class-validator';
import { CreateWebhookInput } from './dto/create-webhook.input';
import {
  CreatedWebhook,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookDeliveryStatus,
  WebhookModel,
} from './webhook.models';
import { WebhookService } from './webhook.service';

@ArgsType()
class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID)
  @IsId()
  webhookId!: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus;
}

@ArgsType()
class WebhooksArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this API key's webhooks" })
  @IsOptional()
  @IsId()
  apiKeyId?: string;
}

@Resolver(() => WebhookModel)
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Policy('create', 'Webhook')
  @Mutation(() => CreatedWebhook, {
    description: 'Registers an endpoint for an API key; the signing secret is in this answer only',
  })
  createWebhook(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateWebhookInput,
  ): Promise<CreatedWebhook> {
    return this.service.create(ctx, input);
  }

  @Policy('update', 'Webhook')
  @Mutation(() => WebhookModel, {
    description:
      "The CPO lets a webhook's events about persons flow (separation of duties: not the one who registered it)",
  })
  approveWebhook(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<WebhookModel> {
    return this.service.approve(ctx, id);
  }

  @Policy('read', 'Webhook')
  @Query(() => WebhookConnection, { description: 'Webhooks not deleted, oldest first' })
  webhooks(@Ctx() ctx: RequestContext, @Args() args: WebhooksArgs): Promise<WebhookConnection> {
    return this.service.list(ctx, args.apiKeyId ?? null, args);
  }

  @Policy('delete', 'Webhook')
  @Mutation(() => Boolean, { description: 'Stops deliveries; those still waiting are cancelled' })
  deleteWebhook(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<boolean> {
    return this.service.delete(ctx, id);
  }

  @Policy('read', 'Webhook')
  @Query(() => WebhookDeliveryConnection, { description: 'Newest first' })
  webhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Args() args: WebhookDeliveriesArgs,
  ): Promise<WebhookDeliveryConnection> {
    return this.service.deliveries(ctx, args.webhookId, args.first, args.after, args.status);
  }

  @Policy('update', 'Webhook')
  @Mutation(() => WebhookDeliveryModel, {
    description:
      "Sends a delivered or dead delivery's event again, at the end of its webhook's line (same event id)",
  })
  redeliverWebhookDelivery(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<WebhookDeliveryModel> {
    return this.service.redeliver(ctx, id);
  }
}
