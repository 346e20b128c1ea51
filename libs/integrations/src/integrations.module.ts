import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Outbox } from '@daicho/platform';
import { WebhookDrain } from './delivery/webhook-drain';
import { WebhookRelay } from './delivery/webhook-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { WebhookSecrets } from './webhook/webhook-secrets';
import { WebhookResolver } from './webhook/webhook.resolver';
import { WebhookService } from './webhook/webhook.service';

export interface IntegrationsModuleOptions {
  /** Deliver webhooks from this process (the server does; one-shot CLI commands only publish). */
  delivery: boolean;
  /** Serve the webhook administration over GraphQL. */
  graphql: boolean;
}

/** What internal systems hear: the outbox every library publishes to, and signed webhooks. */
@Global()
@Module({})
export class IntegrationsModule {
  static forRoot(options: IntegrationsModuleOptions): DynamicModule {
    return {
      module: IntegrationsModule,
      providers: [
        OutboxWriter,
        { provide: Outbox, useExisting: OutboxWriter },
        WebhookSecrets,
        ...(options.delivery ? [WebhookDrain, WebhookRelay] : []),
        ...(options.graphql ? [WebhookService, WebhookResolver] : []),
      ],
      exports: [Outbox],
    };
  }
}
