import { Injectable } from '@nestjs/common';
import { Role, RequestContext } from '@daicho/access';
import { AuditTrail, LedgerAction } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import { generateOneTimePassword } from '../password/one-time-password';
import { PasswordHasher } from '../password/password-hasher';
import { UserEntity } from '../user/user.entity';
import { UserStatus } from '../user/user-status';

export const INITIAL_ADMIN_EMAIL = 'admin@daicho.local';

export interface InitialAdmin {
  email: string;
  oneTimePassword: string;
}

/** When no user exists yet, creates the first administrator with a one-time password. */
@Injectable()
export class InitialAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly auditTrail: AuditTrail,
  ) {}

  /** Returns the credentials to print, or null when users already exist. Safe to run concurrently. */
  async ensureInitialAdmin(): Promise<InitialAdmin | null> {
    // The usual start finds users: answer without spending an argon2 hash on it.
    if ((await this.dataSource.getRepository(UserEntity).count()) > 0) return null;
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    const ctx = RequestContext.system(this.dataSource, this.auditTrail);
    return ctx.transaction(async (tx) => {
      // Two servers starting at once on an empty database must not both create an admin.
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('daicho:initial-admin'))`);
      if ((await tx.manager.count(UserEntity)) > 0) return null;
      const admin = await tx.manager.save(
        tx.manager.create(UserEntity, {
          email: INITIAL_ADMIN_EMAIL,
          displayName: 'Initial administrator',
          role: Role.ADMIN,
          department: 'Administration',
          status: UserStatus.ACTIVE,
          passwordHash,
          mustChangePassword: true,
          passwordChangedAt: new Date(),
        }),
      );
      await this.auditTrail.record(
        auditEventFor(
          ctx,
          LedgerAction.USER_CHANGE,
          { type: 'User', id: admin.id },
          {
            change: 'initial administrator created',
            role: Role.ADMIN,
          },
        ),
        tx.manager,
      );
      return { email: INITIAL_ADMIN_EMAIL, oneTimePassword };
    });
  }
}
