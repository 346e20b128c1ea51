import { HandOffMethod, ProvisionRoute } from '../provision-enums';
import type { CreateProvisionRuleInput } from './provision-rule.dto';

/**
 * The privacy policy's standing provision (§3.1): employees' badge data handed, in writing, to a
 * client's system company for entrance approval to designated areas, on the employees' consent.
 * "Contact" is the phone number and e-mail address items of the EMPLOYEE category.
 */
export const STANDING_RULES: CreateProvisionRuleInput[] = [
  {
    code: 'EMPLOYEE_ENTRANCE_APPROVAL',
    name: {
      ja: '取引先指定区域の入館承認のための従業員情報の提供',
      en: "Employees' data for entrance approval to a client's designated areas",
    },
    recipientCode: 'CLIENT_SYSTEM_COMPANY',
    categoryCodes: ['EMPLOYEE'],
    items: ['name', 'department', 'position', 'phone', 'email', 'faceImage', 'qualifications'],
    methods: [HandOffMethod.HAND_DELIVERY],
    route: ProvisionRoute.CONSENT,
    purposeAtRecipient: {
      ja: '取引先が指定する区域への入館承認手続',
      en: 'Entrance approval to the areas the client designates',
    },
    purposeCode: 'ENTRANCE_APPROVAL',
    recordRetentionYears: 3,
  },
];
