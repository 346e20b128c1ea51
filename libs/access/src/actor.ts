import type { Role } from './role';

export type ActorKind = 'USER' | 'API_KEY' | 'SYSTEM';

/** Who is acting: a logged-in person, a machine client's API key, or the system itself. */
export interface Actor {
  readonly kind: ActorKind;
  /** User id, API key id, or a fixed name for system work (e.g. `system:bootstrap`). */
  readonly id: string;
  readonly role: Role;
  /** True until a user replaces an initial or reset password. */
  readonly mustChangePassword: boolean;
  /** API key scopes; empty for people. */
  readonly scopes: readonly string[];
  /** The session behind a user's token, so logout can revoke exactly it. */
  readonly sessionId?: string;
  /** A password sign-in still waiting for its second step (completeMfa): nothing else runs. */
  readonly mfaPending?: boolean;
  /** The role requires an authenticator, the grace period is over, and none is set up yet. */
  readonly mfaEnrolmentRequired?: boolean;
  /** An API key limited to registered GraphQL documents: no other route is open to it. */
  readonly operationsLimited?: boolean;
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'SYSTEM',
  id: 'system',
  role: 'ADMIN' as Role,
  mustChangePassword: false,
  scopes: [],
};
