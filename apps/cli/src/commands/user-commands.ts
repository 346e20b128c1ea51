import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { Role } from '@daicho/access';
import {
  CreateUserInput,
  generateOneTimePassword,
  UserService,
  UserStatus,
} from '@daicho/identity';
import { BadUserInputError, todayInJapan } from '@daicho/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { cliContext } from '../cli-operator';

async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) process.stdout.write(s);
    prompted = true;
  };
  try {
    return await new Promise((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

export interface UserCreateOptions {
  email?: string;
  role?: string;
  'display-name'?: string;
  department?: string;
  'generate-password'?: boolean;
}

/**
 * `user:create`: the same rules as the createUser mutation, as the named operator
 * (`cli:<OS user>@<host>`). A role that reads personal data (or ADMIN) waits for approval like
 * any other request; only the first CPO of a deployment is created directly (the bootstrap).
 */
export async function userCreate(
  app: INestApplicationContext,
  options: UserCreateOptions,
): Promise<void> {
  const interactive = process.stdin.isTTY && !options['generate-password'];
  const password = interactive
    ? await promptHidden('Initial password (12+ characters): ')
    : generateOneTimePassword();
  const input = plainToInstance(CreateUserInput, {
    email: options.email,
    role: options.role,
    displayName: options['display-name'] ?? options.email,
    department: options.department ?? 'Unassigned',
    password,
  });
  const problems = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  if (problems.length) {
    const fields = problems.map(
      (p) => `--${p.property === 'displayName' ? 'display-name' : p.property}`,
    );
    throw new BadUserInputError(
      `Invalid ${fields.join(', ')}: ${problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; ')}`,
    );
  }
  const ctx = cliContext(app);
  const user = await app.get(UserService).createUser(ctx, input);
  if (user.status === UserStatus.PENDING) {
    console.log(
      `Created ${user.role} user ${user.email} (id ${user.id}), waiting for approval: the role reads personal data, so a second person (${user.role === Role.CPO || user.role === Role.ADMIN ? 'an ADMIN or the CPO' : 'the CPO'}) approves it with approveAccessGrant and hands the user the one-time password it returns.`,
    );
    return;
  }
  console.log(`Created ${user.role} user ${user.email} (id ${user.id}).`);
  if (!interactive) {
    console.log(`Initial password (shown only this once): ${password}`);
  }
  console.log('The user must change it at first login (changePassword).');
}

/** `user:list`: a readable table of users, without secrets; each page read is a READ entry. */
export async function userList(app: INestApplicationContext): Promise<void> {
  const ctx = cliContext(app);
  const service = app.get(UserService);
  const rows: Record<string, string>[] = [];
  let after: string | undefined;
  do {
    const page = await service.listUsers(ctx, 100, after);
    for (const { node: user } of page.edges) {
      rows.push({
        email: user.email,
        name: user.displayName,
        role: user.role,
        department: user.department,
        status: user.status,
        created: todayInJapan(user.createdAt),
      });
    }
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
  } while (after);
  if (rows.length === 0) console.log('No users.');
  else console.table(rows);
}
