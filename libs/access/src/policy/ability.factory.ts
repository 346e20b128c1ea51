import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { LRUCache } from 'lru-cache';
import type { Actor } from '../actor';
import { API_KEY_SCOPES, ROLE_POLICIES } from './role-policies';
import type { PolicyAction, PolicyRule, PolicySubject } from './policy-rule';

export type AppAbility = MongoAbility<[PolicyAction, PolicySubject | Record<string, unknown>]>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Rules are data; refuse keys that could pollute prototypes when they are loaded. */
function assertSafe(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key))
      throw new Error(`Policy rule ${path} uses the forbidden key "${key}"`);
    assertSafe((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

function interpolate(value: unknown, actor: Actor): unknown {
  if (value === '${actor.id}') return actor.id;
  if (Array.isArray(value)) return value.map((v) => interpolate(v, actor));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, actor)]));
  }
  return value;
}

/** The rules that apply to an actor: its role's, or for an API key only its scopes'. */
export function rulesFor(actor: Actor): PolicyRule[] {
  switch (actor.kind) {
    case 'API_KEY':
      return actor.scopes.flatMap((scope) => API_KEY_SCOPES[scope] ?? []);
    case 'USER':
      return [...ROLE_POLICIES[actor.role]];
    case 'SYSTEM':
      return [{ action: 'manage', subject: 'all' }];
  }
}

/** Builds the CASL ability for one request from the policy data. */
export function buildAbility(actor: Actor): AppAbility {
  return abilityFromRules(rulesFor(actor), actor);
}

/**
 * An ability is a pure function of what rulesFor and interpolate read (kind, role, scopes, id)
 * and is never changed once built, so requests of the same actor share one instead of building
 * and indexing the rules again on every call (1.3 % of a catalog call's CPU). A role or scope
 * change makes another key: it holds from the very next request as before.
 */
const ABILITIES = new LRUCache<string, AppAbility>({ max: 1_000 });

export function abilityFor(actor: Actor): AppAbility {
  const key = JSON.stringify([actor.kind, actor.role, actor.id, actor.scopes]);
  let ability = ABILITIES.get(key);
  if (!ability) ABILITIES.set(key, (ability = buildAbility(actor)));
  return ability;
}

/**
 * Loads rules (data) into a field-aware ability: refuses rules CASL would misread (prototype keys,
 * `fields: []`, top-level `$or`), and refuses field-less `can` on a subject type that has field rules,
 * since CASL then ignores inverted field rules (#236/#937): ask per field, or `canSomeField`.
 */
export function abilityFromRules(rules: readonly unknown[], actor: Actor): AppAbility {
  const restricted = new Map<string, number>();
  const loaded = rules.map((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new Error(`Policy rule #${index} is not an object`);
    }
    assertSafe(raw, `#${index}`);
    const rule = raw as PolicyRule;
    if (rule.fields && rule.fields.length === 0) {
      // CASL treats `fields: []` as "all fields" (#329); a policy must say what it means.
      throw new Error(`Policy rule #${index} has an empty field list`);
    }
    if (rule.conditions === null) {
      // CASL reads `conditions: null` as "no conditions" (#684): say so by leaving them out.
      throw new Error(`Policy rule #${index} has null conditions`);
    }
    const topLevelOperator = Object.keys(rule.conditions ?? {}).find((key) => key.startsWith('$'));
    if (topLevelOperator) {
      // CASL's matcher reads a top-level "$or" as a field name: the rule would silently never match.
      throw new Error(
        `Policy rule #${index} uses ${topLevelOperator} at the top of its conditions`,
      );
    }
    assertRestrictionLast(rule, index, restricted);
    return interpolate(rule, actor) as RawRuleOf<AppAbility>;
  });
  const ability = createMongoAbility<AppAbility>(loaded);
  const fieldLess = ability.can.bind(ability);
  FIELD_LESS.set(ability, fieldLess);
  ability.can = (action, target, field?: string) => {
    if (field === undefined && hasFieldRules(ability, action, target)) {
      throw new Error(
        `Field-less check of ${action} on a field-restricted subject; check a field or use canSomeField`,
      );
    }
    return fieldLess(action, target, field);
  };
  return ability;
}

/**
 * In CASL the later rule wins: a field restriction (an inverted rule with fields) listed before a
 * grant of every field of the same action and subject does nothing where the grant applies. A
 * role's My Number rule once sat before its department's grant and withheld nothing; such an
 * order is refused at load. A later grant that names fields is an exception said on purpose.
 */
function assertRestrictionLast(
  rule: PolicyRule,
  index: number,
  restricted: Map<string, number>,
): void {
  const key = `${rule.action} ${rule.subject}`;
  if (rule.inverted) {
    if (rule.fields && !restricted.has(key)) restricted.set(key, index);
    return;
  }
  if (rule.fields) return;
  // `manage` covers every action: a grant of it after any field restriction of the subject.
  const earlier = [...restricted].find(
    ([restriction]) =>
      restriction === key || (rule.action === 'manage' && restriction.endsWith(` ${rule.subject}`)),
  );
  if (earlier) {
    throw new Error(
      `Policy rule #${index} grants ${key} after the field restriction #${earlier[1]} of ${earlier[0]}: list restrictions last`,
    );
  }
}

const FIELD_LESS = new WeakMap<AppAbility, AppAbility['can']>();

function hasFieldRules(ability: AppAbility, action: string, target: unknown): boolean {
  const type = ability.detectSubjectType(target as never);
  return ability.possibleRulesFor(action as never, type).some((rule) => rule.fields);
}

/** Whether the ability allows the action on at least one field of the subject (a coarse gate). */
export function canSomeField(
  ability: AppAbility,
  action: PolicyAction,
  target: Parameters<AppAbility['can']>[1],
): boolean {
  const can = FIELD_LESS.get(ability);
  if (!can) throw new Error('Not an ability built by abilityFromRules');
  return can(action, target);
}
