import type { RequestContext } from '@daicho/access';
import { ErrorCode, plusDays, todayInJapan } from '@daicho/platform';
import { HandOffMethod, ProvisionRoute, ProvisionStatus } from '../provision-enums';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import {
  activeRule,
  checkAddable,
  checkCorrection,
  checkDecidable,
  checkHandOffShape,
  checkItems,
  checkRecipient,
  notFound,
  providableCategories,
  provideEntry,
  withConsents,
} from './provision-checks';
import { statusOf } from './provision-store';

const rule: ProvisionRuleRow = {
  code: 'EMPLOYEE_ENTRANCE_APPROVAL',
  name: { ja: '入館申請', en: 'Entrance approval' },
  recipient_code: 'BUILDING_MANAGEMENT',
  category_codes: ['EMPLOYEE', 'APPLICANT'],
  items: ['name', 'department', 'faceImage'],
  methods: [HandOffMethod.SYSTEM_TRANSFER, HandOffMethod.EMAIL],
  route: ProvisionRoute.CONSENT,
  purpose_at_recipient: { ja: '入館証の発行', en: 'Issuing badges' },
  purpose_code: 'FACILITY_SECURITY',
  record_retention_years: 3,
  retired_at: null,
};

const TODAY = todayInJapan();

/** The refusal `run` throws (its code, message and the fields its details name). */
function refusalOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

/** A context whose role may provide only the given categories. */
const roleProviding = (...allowed: string[]) =>
  ({
    ability: {
      can: (action: string, subject: { categoryCode?: string }) =>
        action === 'create' && allowed.includes(subject.categoryCode ?? ''),
    },
  }) as unknown as RequestContext;

describe('provision checks (APPI arts. 27–29)', () => {
  it('takes a rule that exists and is in force, and refuses a missing or retired one', () => {
    expect(activeRule(rule, rule.code)).toBe(rule);
    expect(refusalOf(() => activeRule(undefined, 'NO_SUCH_RULE'))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { fields: ['ruleCode'] },
    });
    const retired = { ...rule, retired_at: new Date('2026-01-01T00:00:00Z') };
    expect(refusalOf(() => activeRule(retired, rule.code))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: expect.stringContaining('retired') as unknown,
    });
  });

  it('hands over only to a party of the rule’s recipient', () => {
    expect(() =>
      checkRecipient(rule, { id: 'p1', recipient_code: 'BUILDING_MANAGEMENT' }),
    ).not.toThrow();
    for (const recipient_code of ['PAYROLL_PROVIDER', null]) {
      expect(refusalOf(() => checkRecipient(rule, { id: 'p1', recipient_code }))).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: { fields: ['partyId'] },
      });
    }
  });

  it('hands over only items the rule allows, each once', () => {
    expect(() => checkItems(rule, ['name', 'faceImage'])).not.toThrow();
    expect(refusalOf(() => checkItems(rule, ['name', 'salary']))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { fields: ['items'] },
      message: expect.stringContaining('salary') as unknown,
    });
    expect(refusalOf(() => checkItems(rule, ['name', 'name']))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: 'items names an item twice.',
    });
  });

  it('records a correction as a new record that says why, and a note only with a correction', () => {
    expect(checkCorrection({})).toBeUndefined();
    expect(checkCorrection({ correctsId: 'c1', correctionNote: 'wrong date' })).toBe('c1');
    expect(refusalOf(() => checkCorrection({ correctsId: 'c1' }))).toMatchObject({
      details: { fields: ['correctionNote'] },
      message: 'A correction needs a correctionNote.',
    });
    expect(refusalOf(() => checkCorrection({ correctionNote: 'why?' }))).toMatchObject({
      details: { fields: ['correctionNote'] },
    });
  });

  it('takes a hand-off of today or earlier by one of the rule’s methods', () => {
    const method = HandOffMethod.EMAIL;
    expect(() => checkHandOffShape(rule, { handedOn: TODAY, method }, 'handOff')).not.toThrow();
    expect(
      refusalOf(() => checkHandOffShape(rule, { handedOn: plusDays(TODAY, 1), method }, 'handOff')),
    ).toMatchObject({
      details: { fields: ['handOff.handedOn'] },
      message: 'handOff.handedOn lies in the future.',
    });
    expect(
      refusalOf(() => checkHandOffShape(rule, { handedOn: '2026-02-30', method }, 'handOff')),
    ).toMatchObject({ details: { fields: ['handOff.handedOn'] } });
    expect(
      refusalOf(() =>
        checkHandOffShape(rule, { handedOn: TODAY, method: HandOffMethod.POST }, 'handOff'),
      ),
    ).toMatchObject({ details: { fields: ['handOff.method'] } });
  });

  it('lets a role provide only the rule’s categories it may provide', () => {
    expect(providableCategories(roleProviding('EMPLOYEE', 'CUSTOMER'), rule)).toEqual(['EMPLOYEE']);
    expect(providableCategories(roleProviding('CUSTOMER'), rule)).toEqual([]);
  });

  it('on the consent route needs every person’s consent, and names the position without it', () => {
    const subjects = [
      { subjectId: 's1', categoryCode: 'EMPLOYEE' },
      { subjectId: 's2', categoryCode: 'APPLICANT' },
    ];
    const both = new Map([
      ['s1', 'c1'],
      ['s2', 'c2'],
    ]);
    expect(withConsents(rule, { handedOn: TODAY }, subjects, both, 'handOff')).toEqual([
      { subjectId: 's1', categoryCode: 'EMPLOYEE', consentId: 'c1' },
      { subjectId: 's2', categoryCode: 'APPLICANT', consentId: 'c2' },
    ]);
    const onlyFirst = new Map([['s1', 'c1']]);
    const refused = refusalOf(() =>
      withConsents(rule, { handedOn: TODAY }, subjects, onlyFirst, 'handOff'),
    );
    expect(refused).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { fields: ['handOff.subjectIds.1'] },
    });
    expect(JSON.stringify(refused)).not.toContain('s2');
  });

  it('needs the CPO’s approval off the consent route; the status follows the decision', () => {
    expect(statusOf(ProvisionRoute.CONSENT, null)).toBe(ProvisionStatus.RECORDED);
    expect(statusOf(ProvisionRoute.LAWS, null)).toBe(ProvisionStatus.PENDING_APPROVAL);
    expect(statusOf(ProvisionRoute.JOINT_USE, 'APPROVED')).toBe(ProvisionStatus.APPROVED);
    expect(statusOf(ProvisionRoute.LAWS, 'REJECTED')).toBe(ProvisionStatus.REJECTED);
  });

  it('decides an exception-route provision once; a consent-route one needs no decision', () => {
    expect(() => checkDecidable('p1', ProvisionRoute.LAWS, false)).not.toThrow();
    expect(refusalOf(() => checkDecidable('p1', ProvisionRoute.LAWS, true))).toMatchObject({
      code: ErrorCode.CONFLICT,
      message: 'Provision p1 was decided.',
    });
    expect(refusalOf(() => checkDecidable('p1', ProvisionRoute.CONSENT, false))).toMatchObject({
      code: ErrorCode.CONFLICT,
    });
  });

  it('adds hand-offs only under a collective record of the consent route', () => {
    expect(() => checkAddable('p1', true, ProvisionStatus.RECORDED)).not.toThrow();
    expect(refusalOf(() => checkAddable('p1', true, ProvisionStatus.APPROVED))).toMatchObject({
      code: ErrorCode.CONFLICT,
      message: expect.stringContaining('record a new provision for others') as unknown,
    });
    for (const status of [ProvisionStatus.PENDING_APPROVAL, ProvisionStatus.REJECTED]) {
      expect(refusalOf(() => checkAddable('p1', true, status))).toMatchObject({
        code: ErrorCode.CONFLICT,
      });
    }
    expect(refusalOf(() => checkAddable('p1', false, ProvisionStatus.RECORDED))).toMatchObject({
      code: ErrorCode.CONFLICT,
      message: expect.stringContaining('not a collective record') as unknown,
    });
  });

  it('answers a missing and an unreadable record alike', () => {
    expect(notFound('p1')).toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'There is no provision p1 you may read.',
    });
  });

  it('writes a PROVIDE entry with codes and ids only, tied to the rule’s purpose', () => {
    const subject = { subjectId: 's1', categoryCode: 'EMPLOYEE' };
    expect(provideEntry('p1', 'h1', ['name'], 'party1', 'FACILITY_SECURITY', subject)).toEqual({
      action: 'PROVIDE',
      targetType: 'Provision',
      targetId: 'p1',
      subjectId: 's1',
      categoryCode: 'EMPLOYEE',
      purposeCode: 'FACILITY_SECURITY',
      fields: ['name'],
      details: { handOff: 'h1', party: 'party1' },
    });
    expect(provideEntry('p1', 'h1', ['name'], 'party1', null, subject).purposeCode).toBeUndefined();
  });
});
