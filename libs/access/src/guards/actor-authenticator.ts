import type { Actor } from '../actor';

/**
 * Turns a bearer credential into an Actor. Implemented by the identity library (sessions and API
 * keys); access depends only on this port, so authorisation does not know how identities are stored.
 */
export abstract class ActorAuthenticator {
  /** Resolves the credential or throws UnauthenticatedError. */
  abstract authenticate(credential: string): Promise<Actor>;
}
