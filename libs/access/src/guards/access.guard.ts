import { randomUUID } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import {
  AppConfig,
  AuditTrail,
  CredentialCheck,
  DomainError,
  ErrorCode,
  ForbiddenError,
  IS_PUBLIC,
  UnauthenticatedError,
} from '@daicho/platform';
import type { GraphQLResolveInfo } from 'graphql';
import { DataSource } from 'typeorm';
import { httpRequestOf, type RequestWithContext } from '../context/http-request';
import { recordDenial } from '../context/record-denial';
import { canSomeField } from '../policy/ability.factory';
import { RequestContext } from '../context/request-context';
import { ActorAuthenticator } from './actor-authenticator';
import { consoleSessionToken } from '../session/console-session';
import { MFA_STEP, POLICY, SELF_SERVICE, type PolicyRequirement } from './policy.decorators';

export const MFA_STEP_REQUIRED =
  'Finish signing in with the code from your authenticator app (completeMfa) first.';

export const MFA_ENROLMENT_REQUIRED =
  'Your role signs in with an authenticator app: set it up (enrollTotp, then confirmTotp) before doing anything else.';

export const PASSWORD_CHANGE_REQUIRED =
  'You must change your initial password with changePassword before doing anything else.';

/** A handler and its class, as the reflector reads decisions from them. */
export type HandlerTargets = Parameters<Reflector['getAllAndOverride']>[1];

const BEARER = /^Bearer\s+(\S+)$/i;

/** A bearer credential (integrations, curl), else the console's session cookie with its header. */
export function credentialOf(
  headers: RequestWithContext['headers'],
  consoleEnabled: boolean,
): string | null {
  const header = headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  return match?.[1] ?? (consoleEnabled ? consoleSessionToken(headers) : null);
}

/** What the GraphQL layer asks before it answers an introspection where it is off. */
@Injectable()
export class SessionCredentialCheck extends CredentialCheck {
  constructor(
    private readonly authenticator: ActorAuthenticator,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * Signed in all the way: a password alone (a session still waiting for its second step, or to
   * change an initial password, or to enrol an authenticator) is not enough to be shown more.
   */
  async isAuthenticated(req: unknown): Promise<boolean> {
    const headers = (req as Partial<RequestWithContext> | undefined)?.headers;
    const token = headers ? credentialOf(headers, this.config.CONSOLE_ENABLED) : null;
    if (!token) return false;
    return this.authenticator.authenticate(token).then(
      (actor) => !actor.mfaPending && !actor.mustChangePassword && !actor.mfaEnrolmentRequired,
      () => false,
    );
  }
}

/**
 * The one gate every GraphQL operation and HTTP route passes: authenticate the bearer credential
 * (or the console's session cookie),
 * build the RequestContext (ability included) once per request, then apply the operation's declared
 * policy. No declaration means deny; denials are recorded.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ActorAuthenticator,
    private readonly auditTrail: AuditTrail,
    private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const { req, operation } = this.requestOf(execution);
    const ctx = await this.contextOf(req);
    const refusal = this.refusalOf(ctx, targets, operation, execution.getType<string>());
    if (!refusal) return true;
    throw await recordDenial(ctx, { operation, reason: refusal.reason }, refusal.error);
  }

  /** The request's context: made once (its credential authenticated), then reused by every field. */
  async contextOf(req: RequestWithContext): Promise<RequestContext> {
    if (req.daicho) return req.daicho;
    // Asked twice (the answer keeper, then the guard), a credential is still checked once.
    req.authenticating ??= this.authenticate(req);
    return (req.daicho = await req.authenticating);
  }

  /**
   * Why `ctx` may not run the handler `targets` names (it and its class), or null when it may.
   * Records nothing: the guard records what it refuses; the answer keeper only asks.
   */
  refusalOf(
    ctx: RequestContext,
    targets: HandlerTargets,
    operation: string,
    type: string,
  ): { reason: string; error: DomainError } | null {
    // A key limited to registered GraphQL documents reaches no download or other route.
    if (ctx.actor.operationsLimited && type !== 'graphql') {
      return {
        reason: 'allow-listed key on a route',
        error: new DomainError(
          ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
          'This API key may run only the GraphQL operations registered for it.',
        ),
      };
    }
    // Half signed in: only the second step (or leaving) until it is done.
    if (ctx.actor.mfaPending) {
      if (this.reflector.getAllAndOverride<boolean>(MFA_STEP, targets)) return null;
      return {
        reason: 'second sign-in step pending',
        error: new UnauthenticatedError(MFA_STEP_REQUIRED),
      };
    }
    const selfService = this.reflector.getAllAndOverride<boolean>(SELF_SERVICE, targets) ?? false;
    if (selfService) return null;
    if (ctx.actor.mfaEnrolmentRequired) {
      return {
        reason: 'authenticator enrolment overdue',
        error: new ForbiddenError(MFA_ENROLMENT_REQUIRED),
      };
    }
    if (ctx.actor.mustChangePassword) {
      return {
        reason: 'password change pending',
        error: new ForbiddenError(PASSWORD_CHANGE_REQUIRED),
      };
    }
    const policy = this.reflector.getAllAndOverride<PolicyRequirement>(POLICY, targets);
    if (policy && canSomeField(ctx.ability, policy.action, policy.subject)) return null;
    return {
      reason: policy ? `lacks ${policy.action} ${policy.subject}` : 'no policy',
      error: new ForbiddenError(
        `Your role (${ctx.role}) may not ${policy?.action ?? 'call'} ${policy?.subject ?? operation}.`,
      ),
    };
  }

  private async authenticate(req: RequestWithContext): Promise<RequestContext> {
    // With the console off, its cookie is no credential either.
    const token = credentialOf(req.headers, this.config.CONSOLE_ENABLED);
    if (!token) throw new UnauthenticatedError();
    const actor = await this.authenticator.authenticate(token);
    const requestId = typeof req.id === 'string' ? req.id : randomUUID();
    return RequestContext.forActor(actor, requestId, this.dataSource, this.auditTrail);
  }

  private requestOf(execution: ExecutionContext): { req: RequestWithContext; operation: string } {
    const req = httpRequestOf(execution);
    if (execution.getType<GqlContextType>() === 'graphql') {
      const info = GqlExecutionContext.create(execution).getInfo<GraphQLResolveInfo>();
      return { req, operation: `${info.parentType.name}.${info.fieldName}` };
    }
    // The route template, never the path itself: a path carries ids and item names from outside.
    const template = typeof req.route?.path === 'string' ? req.route.path : 'unmatched route';
    return { req, operation: `${req.method ?? 'GET'} ${template}` };
  }
}
