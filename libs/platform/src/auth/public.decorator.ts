import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'daicho:isPublic';

/**
 * Marks an operation that needs no login (login itself, health). Rare and named on purpose: every
 * other operation must declare a policy, and a test fails when one declares neither.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
