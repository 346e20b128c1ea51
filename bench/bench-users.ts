import type { INestApplication } from '@nestjs/common';
import type { Role } from '@daicho/access';
import { PasswordHasher, UserEntity, UserStatus } from '@daicho/identity';
import type { DataSource } from 'typeorm';
import { graphql } from './bench-graphql';

const PASSWORD = 'bench-password-Daicho-2026!';

/** An active user of `role`, signed in over the API as a client would: the user and its token. */
export async function signedInUser(
  app: INestApplication,
  dataSource: DataSource,
  url: string,
  role: Role,
  email: string,
): Promise<{ user: UserEntity; token: string }> {
  const users = dataSource.getRepository(UserEntity);
  const user = await users.save(
    users.create({
      email,
      displayName: `bench ${role}`,
      role,
      department: 'bench',
      status: UserStatus.ACTIVE,
      passwordHash: await app.get(PasswordHasher).hash(PASSWORD),
      mustChangePassword: false,
      passwordChangedAt: new Date(),
    }),
  );
  const login = await graphql(
    url,
    null,
    'mutation($i: LoginInput!) { login(input: $i) { token } }',
    {
      i: { email, password: PASSWORD },
    },
  );
  return { user, token: (login.login as { token: string }).token };
}
