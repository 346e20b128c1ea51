import { subject } from '@casl/ability';
import type { Actor } from '../actor';
import { Role } from '../role';
import { abilityFor, abilityFromRules, buildAbility } from './ability.factory';

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

/** A record as the guard asks about it: its category and the purpose of the read. */
const record = (attributes: Record<string, unknown>) => subject('PersonalRecord', attributes);

describe('items the law binds to purposes, for every role', () => {
  const CATEGORIES = [
    'EMPLOYEE',
    'APPLICANT',
    'WEB_INQUIRY',
    'SEMINAR',
    'CALL_RECORDING',
    'CCTV',
    'REQUESTER',
  ];
  const PURPOSES = [
    'PERSONNEL_ADMIN',
    'INDUSTRIAL_SAFETY',
    'STATUTORY_PROCEDURES',
    'DATA_SUBJECT_REQUEST',
    'INCIDENT_RESPONSE',
    'COMPLAINT_HANDLING',
    'CUSTOMER_SUPPORT',
    'SECURITY_MANAGEMENT',
  ];
  const reads = (role: Role, categoryCode: string, purposeCode: string, field: string) =>
    buildAbility(person(role)).can('read', record({ categoryCode, purposeCode }), field);

  it('shows My Number only for the statutory procedures, or to the person, whoever reads', () => {
    const shown: string[] = [];
    for (const role of Object.values(Role)) {
      for (const category of CATEGORIES) {
        for (const purpose of PURPOSES) {
          if (reads(role, category, purpose, 'myNumber')) shown.push(purpose);
          // Once the rule sat before a department's grant and withheld nothing (CASL: later wins).
          if (!['STATUTORY_PROCEDURES', 'DATA_SUBJECT_REQUEST'].includes(purpose)) {
            expect({
              role,
              category,
              purpose,
              myNumber: reads(role, category, purpose, 'myNumber'),
            }).toEqual({ role, category, purpose, myNumber: false });
          }
        }
      }
    }
    // The rule is no blanket refusal: the purposes it allows do show it to those who read them.
    expect(new Set(shown)).toEqual(new Set(['STATUTORY_PROCEDURES', 'DATA_SUBJECT_REQUEST']));
  });

  it('shows health check results only for industrial safety, a request or an incident', () => {
    for (const role of Object.values(Role)) {
      for (const category of CATEGORIES) {
        for (const purpose of ['PERSONNEL_ADMIN', 'COMPLAINT_HANDLING', 'CUSTOMER_SUPPORT']) {
          expect({
            role,
            category,
            purpose,
            shown: reads(role, category, purpose, 'healthCheckResults'),
          }).toEqual({ role, category, purpose, shown: false });
        }
      }
    }
  });

  it('refuses a restriction listed before a grant it would then not restrict', () => {
    const restriction = {
      action: 'read',
      subject: 'PersonalRecord',
      fields: ['myNumber'],
      inverted: true,
    };
    const grant = { action: 'read', subject: 'PersonalRecord' };
    expect(() => abilityFromRules([restriction, grant], person(Role.SALES))).toThrow(
      /grants read PersonalRecord after the field restriction #0/,
    );
    expect(() =>
      abilityFromRules(
        [restriction, { action: 'manage', subject: 'PersonalRecord' }],
        person(Role.SALES),
      ),
    ).toThrow(/list restrictions last/);
    expect(
      abilityFromRules([grant, restriction], person(Role.SALES)).can(
        'read',
        record({}),
        'myNumber',
      ),
    ).toBe(false);
  });
});
