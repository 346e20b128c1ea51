import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, readOrCreateSecretFile } from '@daicho/platform';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Authenticator seeds at rest: AES-256-GCM under a key kept beside the data, never in the
 * database (T20: the seed at rest is ciphertext), bound to its user by the associated data so a
 * sealed seed copied to another user's row does not open.
 */
@Injectable()
export class TotpSeal {
  private key: Promise<Buffer> | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async seal(userId: string, seed: string): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    cipher.setAAD(Buffer.from(`totp:${userId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(seed, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async open(userId: string, sealed: Buffer): Promise<string> {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      await this.keyOf(),
      sealed.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(`totp:${userId}`, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= readOrCreateSecretFile(this.config.identityMfaKeyFile, () =>
      randomBytes(32).toString('base64'),
    ).then((text) => {
      const key = Buffer.from(text.trim(), 'base64');
      if (key.length !== 32) throw new Error('the MFA key file does not hold a 256-bit key');
      return key;
    });
    return this.key;
  }
}
