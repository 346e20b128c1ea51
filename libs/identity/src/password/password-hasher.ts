import { Injectable } from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';

/**
 * argon2id hashing with the configured cost (at least OWASP's m=19 MiB, t=2, p=1), at most
 * PASSWORD_HASH_CONCURRENCY at a time so that a burst of logins queues instead of starving the CPU.
 */
@Injectable()
export class PasswordHasher {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly options: { type: 2; memoryCost: number; timeCost: number; parallelism: number };
  /** Verified against when no user matches, so unknown e-mails cost the same time. */
  private decoyHash?: Promise<string>;

  constructor(config: AppConfig) {
    this.limit = pLimit(config.PASSWORD_HASH_CONCURRENCY);
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_TIME_COST,
      parallelism: config.ARGON2_PARALLELISM,
    };
  }

  hash(password: string): Promise<string> {
    return this.limit(() => argon2.hash(password, this.options));
  }

  /** Exact verification: no case folding or trimming (ASVS 6.2.8). */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limit(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  /** Spends the same work as a real verification and always fails. */
  async verifyDecoy(password: string): Promise<false> {
    this.decoyHash ??= argon2.hash(`decoy:${Date.now()}:${Math.random()}`, this.options);
    await this.verify(await this.decoyHash, password);
    return false;
  }

  /** True when a stored hash was made with weaker or different parameters than configured now. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
