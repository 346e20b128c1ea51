import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readOrCreateSecretFile } from '@daicho/platform';
import { rawPublicKey, verifierKey } from '../checkpoint/signed-note';

/**
 * The ledger's secrets, kept in files outside the database: the Ed25519 key that signs
 * checkpoints, and the key of the keyed hashes that stand in for e-mail addresses in entries.
 */
export class LedgerKeys {
  private constructor(
    /** Checkpoint origin and signing key name (the same, as C2SP recommends). */
    readonly origin: string,
    readonly signingKey: KeyObject,
    readonly publicKey: Buffer,
    private readonly pseudonymKey: Buffer,
  ) {}

  static async load(options: {
    origin: string;
    signingKeyFile: string;
    pseudonymKeyFile: string;
  }): Promise<LedgerKeys> {
    const pem = await readOrCreateSecretFile(options.signingKeyFile, () =>
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    const signingKey = createPrivateKey(pem);
    if (signingKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`${options.signingKeyFile} does not hold an Ed25519 private key`);
    }
    const pseudonym = await readOrCreateSecretFile(
      options.pseudonymKeyFile,
      () => `${randomBytes(32).toString('base64')}\n`,
    );
    const pseudonymKey = Buffer.from(pseudonym.trim(), 'base64');
    if (pseudonymKey.length < 32) {
      throw new Error(`${options.pseudonymKeyFile} must hold at least 32 bytes, base64-encoded`);
    }
    return new LedgerKeys(
      options.origin,
      signingKey,
      rawPublicKey(createPublicKey(signingKey)),
      pseudonymKey,
    );
  }

  /** `origin+keyid+base64key`: what an auditor pins (C2SP signed-note verifier key). */
  get verifierKey(): string {
    return verifierKey(this.origin, this.publicKey);
  }

  /** SHA-256 of the raw public key, for reading aloud or comparing by eye. */
  get fingerprint(): string {
    return `SHA256:${createHash('sha256').update(this.publicKey).digest('base64')}`;
  }

  /** A keyed hash that lets entries about one address be matched without storing the address. */
  pseudonymFor(kind: 'email' | 'clientAddress', value: string): string {
    return createHmac('sha256', this.pseudonymKey)
      .update(`${kind}:${value.trim().toLowerCase()}`)
      .digest('hex');
  }

  /**
   * A keyed hash of an id another system sent (its event id, its operator's id): the ledger keeps
   * no text from outside, yet the same id always gives the same pseudonym.
   */
  pseudonymOfReference(kind: 'eventId' | 'actorRef' | 'actorFilter', value: string): string {
    return createHmac('sha256', this.pseudonymKey).update(`${kind}:${value}`).digest('hex');
  }
}
