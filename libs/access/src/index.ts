export { Role } from './role';
export { SYSTEM_ACTOR, type Actor, type ActorKind } from './actor';
export type { PolicyAction, PolicySubject, PolicyRule } from './policy/policy-rule';
export { ROLE_POLICIES, API_KEY_SCOPES, MY_NUMBER_ITEM_KEY } from './policy/role-policies';
export {
  abilityFromRules,
  buildAbility,
  canSomeField,
  rulesFor,
  type AppAbility,
} from './policy/ability.factory';
export { RequestContext } from './context/request-context';
export { recordDenial, type DenialTarget } from './context/record-denial';
export { assertAllowed } from './context/assert-allowed';
export { Ctx } from './context/ctx.decorator';
export {
  Policy,
  SelfService,
  MfaStep,
  POLICY,
  SELF_SERVICE,
  MFA_STEP,
} from './guards/policy.decorators';
export { ActorAuthenticator } from './guards/actor-authenticator';
export { KeptAnswer } from './guards/kept-answer.decorator';
export { AccessGuard, PASSWORD_CHANGE_REQUIRED, credentialOf } from './guards/access.guard';
export { findOperationsWithoutPolicy } from './guards/operation-policy-check';
export { AccessModule, type AccessModuleOptions } from './access.module';
export { Public } from '@daicho/platform';
export {
  permittedRowsSql,
  rulesToSql,
  UntranslatableRule,
  type SqlColumn,
  type SqlCondition,
} from './policy/rules-to-sql';
export { policySubject } from './policy/policy-subject';
export { SESSION_COOKIE, CONSOLE_HEADER, consoleSessionToken } from './session/console-session';
