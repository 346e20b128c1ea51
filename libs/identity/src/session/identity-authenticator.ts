import { Injectable } from '@nestjs/common';
import { ActorAuthenticator, type Actor } from '@daicho/access';
import { API_KEY_PREFIX, ApiKeyService } from '../api-key/api-key.service';
import { SessionService } from './session.service';

/** Bearer credentials are either a session token or an API key (recognised by its `dk_` prefix). */
@Injectable()
export class IdentityAuthenticator extends ActorAuthenticator {
  constructor(
    private readonly sessions: SessionService,
    private readonly apiKeys: ApiKeyService,
  ) {
    super();
  }

  authenticate(credential: string): Promise<Actor> {
    return credential.startsWith(API_KEY_PREFIX)
      ? this.apiKeys.authenticate(credential)
      : this.sessions.authenticate(credential);
  }
}
