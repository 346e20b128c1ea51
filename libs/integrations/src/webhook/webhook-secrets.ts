import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SealedBox } from '@daicho/platform';

/**
 * Webhook signing secrets: made here, shown once, kept sealed under INTEGRATIONS_WEBHOOK_KEY_FILE
 * (the server must read them back to sign, so they cannot be hashed like API keys), each bound
 * to its webhook so a sealed secret copied to another row does not open.
 */
@Injectable()
export class WebhookSecrets {
  private readonly box: SealedBox;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.box = new SealedBox(config.webhookKeyFile, 'webhook secret');
  }

  /** `whsec_` and 256 random bits. */
  generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  seal(webhookId: string, secret: string): Promise<Buffer> {
    return this.box.seal(`webhook:${webhookId}`, secret);
  }

  open(webhookId: string, sealed: Buffer): Promise<string> {
    return this.box.open(`webhook:${webhookId}`, sealed);
  }
}
