import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Actor } from '../actor';
import { API_KEY_SCOPES, ROLE_POLICIES } from './role-policies';
import type { PolicyAction, PolicyRule, PolicySubject } from './policy-rule';

export type AppAbility = MongoAbility<[PolicyAction, PolicySubject | Record<string, unknown>]>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Rules are data; refuse keys that could pollute prototypes when they are loaded (T29). */
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
  const rules = rulesFor(actor).map((rule, index) => {
    assertSafe(rule, `#${index}`);
    if (rule.fields && rule.fields.length === 0) {
      // CASL treats `fields: []` as "all fields" (#329); a policy must say what it means.
      throw new Error(`Policy rule #${index} has an empty field list`);
    }
    return interpolate(rule, actor) as RawRuleOf<AppAbility>;
  });
  return createMongoAbility<AppAbility>(rules);
}
