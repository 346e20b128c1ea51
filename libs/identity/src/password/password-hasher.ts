import { Injectable } from '@nestjs/common';
import { AppConfig } from '@daicho/platform';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';
import { HashingProcess } from './hashing-process';

/**
 * argon2id hashing with the configured cost (at least OWASP's m=19 MiB, t=2, p=1), at most
 * PASSWORD_HASH_CONCURRENCY at a time so that a burst of logins queues instead of starving the CPU,
 * in a process at the lowest CPU priority (HashingProcess) so that it uses spare CPU only.
 */
@Injectable()
export class PasswordHasher {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly options: { type: 2; memoryCost: number; timeCost: number; parallelism: number };
  /** Verified against when no user matches, so unknown e-mails cost the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    config: AppConfig,
    private readonly hashing: HashingProcess,
  ) {
    this.limit = pLimit(config.PASSWORD_HASH_CONCURRENCY);
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_TIME_COST,
      parallelism: config.ARGON2_PARALLELISM,
    };
  }

  hash(password: string): Promise<string> {
    return this.limit(async () => {
      const hash = await this.hashing.run({ kind: 'hash', password, options: this.options });
      if (typeof hash !== 'string') throw new Error('password hashing gave no hash');
      return hash;
    });
  }

  /** Exact verification: no case folding or trimming (ASVS 6.2.8). */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limit(async () => {
      // A malformed stored hash verifies as false (the process says so); a crash fails the call.
      return (await this.hashing.run({ kind: 'verify', hash, password })) === true;
    });
  }

  /** Spends the same work as a real verification and always fails. */
  async verifyDecoy(password: string): Promise<false> {
    this.decoyHash ??= this.hash(`decoy:${Date.now()}:${Math.random()}`);
    await this.verify(await this.decoyHash, password);
    return false;
  }

  /** True when a stored hash was made with weaker or different parameters than configured now. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
