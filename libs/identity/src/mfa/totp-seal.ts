import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SealedBox } from '@daicho/platform';

/**
 * Authenticator seeds at rest (so that a copy of the database holds only ciphertext), sealed under
 * IDENTITY_MFA_KEY_FILE and bound to their user, so a sealed seed copied to another user's row
 * does not open.
 */
@Injectable()
export class TotpSeal {
  private readonly box: SealedBox;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.box = new SealedBox(config.identityMfaKeyFile, 'MFA');
  }

  seal(userId: string, seed: string): Promise<Buffer> {
    return this.box.seal(`totp:${userId}`, seed);
  }

  open(userId: string, sealed: Buffer): Promise<string> {
    return this.box.open(`totp:${userId}`, sealed);
  }
}
