import { Module } from '@nestjs/common';
import { ActorAuthenticator } from '@daicho/access';
import { OperationGate } from '@daicho/platform';
import { ApiKeyOperations } from './api-key/api-key-operations';
import { IntegrationGate } from './api-key/integration-gate';
import { MfaResolver } from './mfa/mfa.resolver';
import { TotpSeal } from './mfa/totp-seal';
import { TotpService } from './mfa/totp.service';
import { ApiKeyResolver } from './api-key/api-key.resolver';
import { ApiKeyService } from './api-key/api-key.service';
import { ApiKeyLookup } from './api-key/api-key-lookup';
import { InitialAdminService } from './bootstrap/initial-admin';
import { AccessGrantResolver } from './grant/access-grant.resolver';
import { AccessGrantRequestService } from './grant/access-grant-request.service';
import { AccessGrantService } from './grant/access-grant.service';
import { HashingProcess } from './password/hashing-process';
import { PasswordHasher } from './password/password-hasher';
import { AuthResolver } from './session/auth.resolver';
import { IdentityAuthenticator } from './session/identity-authenticator';
import { LoginThrottle } from './session/login-throttle';
import { SessionService } from './session/session.service';
import { SessionLookup } from './session/session-lookup';
import { UserResolver } from './user/user.resolver';
import { UserPasswordService } from './user/user-password.service';
import { UserService } from './user/user.service';
import { ConsoleSessionController } from './session/console-session.controller';
import { IdentityProvider } from './sso/identity-provider';
import { SsoController } from './sso/sso.controller';
import { SsoSignIn } from './sso/sso-sign-in';

/** Users, sessions, API keys, and the authenticator the access guard uses. */
@Module({
  controllers: [ConsoleSessionController, SsoController],
  providers: [
    PasswordHasher,
    HashingProcess,
    SessionService,
    SessionLookup,
    LoginThrottle,
    UserService,
    UserPasswordService,
    AccessGrantRequestService,
    AccessGrantService,
    ApiKeyService,
    ApiKeyLookup,
    ApiKeyOperations,
    { provide: OperationGate, useClass: IntegrationGate },
    InitialAdminService,
    TotpSeal,
    TotpService,
    MfaResolver,
    IdentityProvider,
    SsoSignIn,
    { provide: ActorAuthenticator, useClass: IdentityAuthenticator },
    AuthResolver,
    UserResolver,
    ApiKeyResolver,
    AccessGrantResolver,
  ],
  exports: [ActorAuthenticator, UserService, PasswordHasher, InitialAdminService],
})
export class IdentityModule {}
