import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { CredentialCheck } from '@daicho/platform';
import { AccessGuard, SessionCredentialCheck } from './guards/access.guard';
import { OperationPolicyCheck } from './guards/operation-policy-check';

export interface AccessModuleOptions {
  /** The module that provides and exports an ActorAuthenticator (identity). */
  authenticatorModule: Type;
}

/** Installs the access guard globally and checks at start-up that every operation has a policy. */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      imports: [DiscoveryModule, options.authenticatorModule],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: CredentialCheck, useClass: SessionCredentialCheck },
        OperationPolicyCheck,
      ],
    };
  }
}
