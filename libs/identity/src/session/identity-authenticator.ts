import { Injectable } from '@nestjs/common';
import { ActorAuthenticator, type Actor } from '@daicho/access';
import { API_KEY_PREFIX } from '../common/secret-hash';
import { ApiKeyLookup } from '../api-key/api-key-lookup';
import { SessionLookup } from './session-lookup';

/** Bearer credentials are either a session token or an API key (recognised by its `dk_` prefix). */
@Injectable()
export class IdentityAuthenticator extends ActorAuthenticator {
  constructor(
    private readonly sessions: SessionLookup,
    private readonly apiKeys: ApiKeyLookup,
  ) {
    super();
  }

  authenticate(credential: string): Promise<Actor> {
    return credential.startsWith(API_KEY_PREFIX)
      ? this.apiKeys.authenticate(credential)
      : this.sessions.authenticate(credential);
  }
}
