import type { Actor } from '../actor';
import { Role } from '../role';
import { buildAbility } from './ability.factory';

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
});
