import type { RequestContext } from '@daicho/access';
import { ConflictError, NotFoundError } from '@daicho/platform';
import { UserEntity } from './user.entity';

/** Loads a user under a row lock in the open transaction, so concurrent changes queue. */
export async function lockUser(ctx: RequestContext, id: string): Promise<UserEntity> {
  const user = await ctx.manager.findOne(UserEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user) throw new NotFoundError('No user has this id.');
  return user;
}

/** The last active ADMIN cannot be turned into another role (someone must manage users). */
export async function assertAnotherActiveAdmin(
  ctx: RequestContext,
  exceptId: string,
): Promise<void> {
  const admins: { id: string }[] = await ctx.manager.query(
    `SELECT id FROM users WHERE role = 'ADMIN' AND status = 'ACTIVE' ORDER BY id FOR UPDATE`,
  );
  if (!admins.some((a) => a.id !== exceptId)) {
    throw new ConflictError(
      'This is the last active administrator; make another user ADMIN before demoting or disabling this one.',
    );
  }
}
