import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subject } from '@casl/ability';
import type { Actor } from '../actor';
import { Role } from '../role';
import { abilityFromRules, buildAbility, canSomeField } from './ability.factory';

const actor: Actor = {
  kind: 'USER',
  id: 'u1',
  role: Role.HR,
  mustChangePassword: false,
  scopes: [],
};
const record = (attributes: Record<string, unknown>) => subject('PersonalRecord', attributes);

/** The CASL behaviours that have bitten others, pinned for our loader. */
describe('CASL semantics our policy relies on', () => {
  const fieldRestricted = abilityFromRules(
    [
      { action: 'read', subject: 'PersonalRecord' },
      { action: 'read', subject: 'PersonalRecord', fields: ['myNumber'], inverted: true },
    ],
    actor,
  );

  it('refuses a field-less check on a field-restricted subject (#236/#937/#1044)', () => {
    // Plain CASL answers true here, silently ignoring the inverted field rule.
    expect(() => fieldRestricted.can('read', record({}))).toThrow(/Field-less check/);
    expect(() => fieldRestricted.cannot('read', 'PersonalRecord')).toThrow(/Field-less check/);
    expect(fieldRestricted.can('read', record({}), 'myNumber')).toBe(false);
    expect(fieldRestricted.can('read', record({}), 'name')).toBe(true);
    expect(canSomeField(fieldRestricted, 'read', record({}))).toBe(true);
  });

  it('still answers field-less checks on subjects without field rules', () => {
    const ability = abilityFromRules([{ action: 'read', subject: 'Catalog' }], actor);
    expect(ability.can('read', 'Catalog')).toBe(true);
    expect(ability.can('read', 'Ledger')).toBe(false);
  });

  it('refuses `fields: []`, which CASL reads as every field (#329)', () => {
    expect(() =>
      abilityFromRules([{ action: 'read', subject: 'PersonalRecord', fields: [] }], actor),
    ).toThrow(/empty field list/);
  });

  it('refuses `conditions: null` and treats `{}` as no condition at all (#684)', () => {
    expect(() =>
      abilityFromRules([{ action: 'read', subject: 'Catalog', conditions: null }], actor),
    ).toThrow(/null conditions/);
    const ability = abilityFromRules(
      [{ action: 'read', subject: 'PersonalRecord', conditions: {} }],
      actor,
    );
    expect(canSomeField(ability, 'read', record({ categoryCode: 'CCTV' }))).toBe(true);
  });

  it('pins `$exists` with a missing parent (#825): the rule does not match', () => {
    const ability = abilityFromRules(
      [
        {
          action: 'read',
          subject: 'PersonalRecord',
          conditions: { 'site.code': { $exists: true } },
        },
      ],
      actor,
    );
    expect(canSomeField(ability, 'read', record({}))).toBe(false);
    expect(canSomeField(ability, 'read', record({ site: {} }))).toBe(false);
    expect(canSomeField(ability, 'read', record({ site: { code: 'A' } }))).toBe(true);
  });

  it('refuses a top-level `$or`, which CASL would read as a field and never match', () => {
    expect(() =>
      abilityFromRules(
        [
          {
            action: 'read',
            subject: 'PersonalRecord',
            inverted: true,
            conditions: { $or: [{ categoryCode: 'CCTV' }] },
          },
        ],
        actor,
      ),
    ).toThrow(/\$or at the top/);
  });

  it('lets a later narrow rule win over a broad one, in both directions (#164)', () => {
    const ability = abilityFromRules(
      [
        { action: 'read', subject: 'PersonalRecord' },
        {
          action: 'read',
          subject: 'PersonalRecord',
          inverted: true,
          conditions: { categoryCode: 'CCTV' },
        },
        {
          action: 'read',
          subject: 'PersonalRecord',
          conditions: { categoryCode: 'CCTV', purposeCode: 'INCIDENT_RESPONSE' },
        },
      ],
      actor,
    );
    const truth = [
      [{ categoryCode: 'EMPLOYEE', purposeCode: 'PAYROLL' }, true],
      [{ categoryCode: 'CCTV', purposeCode: 'CRIME_PREVENTION' }, false],
      [{ categoryCode: 'CCTV', purposeCode: 'INCIDENT_RESPONSE' }, true],
    ] as const;
    for (const [attributes, expected] of truth) {
      expect(canSomeField(ability, 'read', record({ ...attributes }))).toBe(expected);
    }
  });

  it('keeps the real role policy loadable under these rules', () => {
    for (const role of Object.values(Role)) {
      expect(() => buildAbility({ ...actor, role })).not.toThrow();
    }
  });
});

/** Rules are data and must not pollute prototypes when loaded. */
describe('CASL prototype pollution', () => {
  const polluted = [
    '{"action":"read","subject":"Catalog","conditions":{"__proto__":{"isAdmin":true}}}',
    '{"action":"read","subject":"Catalog","conditions":{"constructor":{"prototype":{"isAdmin":true}}}}',
    '{"action":"read","subject":"Catalog","fields":["name"],"__proto__":{"isAdmin":true}}',
    '{"action":"read","subject":"Catalog","conditions":{"owner":{"$in":[{"__proto__":{"isAdmin":true}}]}}}',
  ];

  it.each(polluted)('rejects %s and leaves Object.prototype alone', (json) => {
    expect(() => abilityFromRules([JSON.parse(json)], actor)).toThrow(/forbidden key/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('runs on @casl/ability ≥ 6.7.5 (the prototype-pollution fix)', () => {
    const [root] = require.resolve('@casl/ability').split('/dist/');
    const manifest = join(root ?? '', 'package.json');
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => parseInt(part, 10));
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(6_007_005);
  });
});
