import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AnswerKeeper, CredentialCheck } from '@daicho/platform';
import { AccessGuard, SessionCredentialCheck } from './guards/access.guard';
import { OperationPolicyCheck } from './guards/operation-policy-check';
import { CallerAnswerKeeper } from './guards/caller-answer-keeper';

export interface AccessModuleOptions {
  /** The module that provides and exports an ActorAuthenticator (identity). */
  authenticatorModule: Type;
}

/**
 * Installs the access guard globally, checks at start-up that every operation has a policy, and
 * keeps the answers of @KeptAnswer queries for the callers the guard lets through.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      imports: [DiscoveryModule, options.authenticatorModule],
      providers: [
        // One guard instance: the global guard, and the one the answer keeper asks.
        AccessGuard,
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: AnswerKeeper, useClass: CallerAnswerKeeper },
        { provide: CredentialCheck, useClass: SessionCredentialCheck },
        OperationPolicyCheck,
      ],
    };
  }
}
