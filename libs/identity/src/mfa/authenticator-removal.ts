import type { RequestContext } from '@daicho/access';
import { Role } from '@daicho/access';
import { IsNull } from 'typeorm';
import { SessionEntity } from '../session/session.entity';
import { RecoveryCodeEntity, UserTotpEntity } from './totp.entity';

/**
 * Roles whose second factor another person's reset alone may not remove: an administrator, the
 * CPO, and the auditor who checks them (separation of duties, JIS Q 15001 A.3.4.3.2). Their reset waits as an access grant
 * (MFA_RESET) until a second person approves it, as a reset of their password does.
 */
export const RESET_NEEDS_APPROVAL: readonly Role[] = [Role.ADMIN, Role.CPO, Role.AUDITOR];

/**
 * Removes a user's authenticator and recovery codes and ends their sessions (opened with the old
 * device). False when none was set up. The caller records the MFA_RESET entry.
 */
export async function removeAuthenticator(tx: RequestContext, userId: string): Promise<boolean> {
  const removed = await tx.manager.delete(UserTotpEntity, { userId });
  if (!removed.affected) return false;
  await tx.manager.delete(RecoveryCodeEntity, { userId });
  await tx.manager.update(
    SessionEntity,
    { userId, revokedAt: IsNull() },
    { revokedAt: new Date() },
  );
  return true;
}
