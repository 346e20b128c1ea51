import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readOrCreateSecretFile } from './secret-file';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets the server must read back (authenticator seeds, webhook signing secrets) at rest:
 * AES-256-GCM under a 256-bit key kept in a file beside the data, never in the database. The
 * associated data binds a sealed value to its row, so a copy pasted into another row does not open.
 */
export class SealedBox {
  private key: Promise<Buffer> | null = null;

  /** `keyFile` is made (mode 0600) when missing; `name` only says which key in errors. */
  constructor(
    private readonly keyFile: string,
    private readonly name: string,
  ) {}

  async seal(boundTo: string, text: string): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async open(boundTo: string, sealed: Buffer): Promise<string> {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      await this.keyOf(),
      sealed.subarray(0, IV_BYTES),
      {
        authTagLength: TAG_BYTES, // a shortened tag must not be accepted
      },
    );
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= readOrCreateSecretFile(this.keyFile, () =>
      randomBytes(32).toString('base64'),
    ).then((text) => {
      const key = Buffer.from(text.trim(), 'base64');
      if (key.length !== 32)
        throw new Error(`the ${this.name} key file does not hold a 256-bit key`);
      return key;
    });
    return this.key;
  }
}
