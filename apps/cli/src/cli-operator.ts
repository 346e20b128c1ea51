import { createHash, randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { RequestContext, SYSTEM_ACTOR, type Actor } from '@daicho/access';
import type { INestApplicationContext } from '@nestjs/common';
import { personalDataIn } from '@daicho/ledger';
import { AuditTrail } from '@daicho/platform';
import { DataSource } from 'typeorm';

/** Keeps a name to plain characters and a bounded length, so it is a label, never free text. */
export function operatorLabel(value: string, fallback: string): string {
  // Long digit runs are cut to six: the ledger refuses ten digits or more (a phone, My Number).
  const plain = value
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .replace(/\d{7,}/g, (run) => run.slice(0, 6))
    .slice(0, 64);
  if (plain.replace(/_/g, '').length === 0) return fallback;
  if (personalDataIn(plain) === null) return plain;
  // Still ten digits between separators (a cloud host's ip-172-31-45-123): digits after the
  // sixth dropped, and a digest of the whole name added, so that two such hosts stay two.
  let digits = 0;
  const short = plain.replace(/\d/g, (d) => (++digits <= 6 ? d : '')).slice(0, 54);
  return `${short}-h${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? '';
  }
}

/**
 * Who runs the CLI, as the ledger names them (APPI art. 23 safety measures: every handling is
 * traceable to a person): `cli:<OS user>@<host>`. Only the host's first label is kept and both
 * are cut to [A-Za-z0-9_-], so the id never reads like an e-mail address and carries no free text.
 * The operator acts with the ADMIN role of the machine's administrator.
 */
export function cliOperator(): Actor {
  const user = operatorLabel(osUser(), 'unknown');
  const host = operatorLabel(hostname().split('.')[0] ?? '', 'unknown-host');
  return { ...SYSTEM_ACTOR, id: `cli:${user}@${host}` };
}

export function cliContext(app: INestApplicationContext): RequestContext {
  return RequestContext.forActor(
    cliOperator(),
    randomUUID(),
    app.get(DataSource),
    app.get(AuditTrail),
  );
}
