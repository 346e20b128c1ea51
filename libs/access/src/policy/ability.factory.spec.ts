import type { Actor } from '../actor';
import { Role } from '../role';
import { abilityFor, buildAbility } from './ability.factory';

const person = (role: Role): Actor => ({
  kind: 'USER',
  id: 'u1',
  role,
  mustChangePassword: false,
  scopes: [],
});

describe('ability from the role policy', () => {
  it('lets ADMIN manage users and keys, and nobody else create them', () => {
    expect(buildAbility(person(Role.ADMIN)).can('create', 'User')).toBe(true);
    expect(buildAbility(person(Role.ADMIN)).can('create', 'ApiKey')).toBe(true);
    for (const role of Object.values(Role).filter((r) => r !== Role.ADMIN)) {
      expect(buildAbility(person(role)).can('create', 'User')).toBe(false);
      expect(buildAbility(person(role)).can('update', 'User')).toBe(false);
    }
  });

  it('gives an API key exactly its scopes, whatever its role', () => {
    const key: Actor = { ...person(Role.INTEGRATION), kind: 'API_KEY', scopes: ['users:read'] };
    const ability = buildAbility(key);
    expect(ability.can('read', 'User')).toBe(true);
    expect(ability.can('read', 'ApiKey')).toBe(false);
    expect(buildAbility({ ...key, scopes: ['unknown:scope'] }).can('read', 'User')).toBe(false);
  });

  it('shares one ability per actor, and a changed role, scope or id is another', () => {
    const hr = person(Role.HR);
    expect(abilityFor({ ...hr })).toBe(abilityFor({ ...hr, sessionId: 'another session' }));
    const sales = abilityFor({ ...hr, role: Role.SALES });
    expect(sales).not.toBe(abilityFor(hr));
    expect(sales.can('read', 'User')).toBe(
      buildAbility({ ...hr, role: Role.SALES }).can('read', 'User'),
    );
    expect(abilityFor({ ...hr, id: 'u2' })).not.toBe(abilityFor(hr));
    const key: Actor = {
      kind: 'API_KEY',
      id: 'k1',
      role: Role.AUDITOR,
      mustChangePassword: false,
      scopes: ['catalog:read'],
    };
    expect(abilityFor({ ...key, scopes: [] })).not.toBe(abilityFor(key));
    expect(abilityFor({ ...key, scopes: [] }).can('read', 'Catalog')).toBe(false);
    expect(abilityFor(key).can('read', 'Catalog')).toBe(true);
  });
});
