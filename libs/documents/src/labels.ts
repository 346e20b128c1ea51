import type { LedgerAction } from '@daicho/platform';
import type { DocumentLang, LocalizedText } from './lang';
import { LEDGER_ACTION_LABELS } from './ledger-action-labels';
import { REQUEST_LABELS } from './request-labels';

const l = (ja: string, en: string): LocalizedText => ({ ja, en });

/**
 * The one source of ja/en labels for every code a document shows (XLSX, CSV, PDF), so a
 * Japanese export never prints CONSENT or HAND_DELIVERY. Keys are the codes as stored; the
 * libraries that own the enums check these tables are complete (`satisfies` at their use).
 */
export const LABELS = {
  ...REQUEST_LABELS,
  ...LEDGER_ACTION_LABELS,
  /** APPI art. 27: the legal route of a hand-off. */
  provisionRoute: {
    CONSENT: l('本人の同意（法27条1項）', "The person's consent (art. 27(1))"),
    LAWS: l('法令に基づく場合（法27条1項1号）', 'Required by laws (art. 27(1)(i))'),
    LIFE_BODY_PROPERTY: l(
      '人の生命・身体・財産の保護（法27条1項2号）',
      'Protection of life, body or property (art. 27(1)(ii))',
    ),
    PUBLIC_HEALTH_CHILDREN: l(
      '公衆衛生・児童の健全育成（法27条1項3号）',
      "Public health or children's welfare (art. 27(1)(iii))",
    ),
    STATE_COOPERATION: l(
      '国の機関等への協力（法27条1項4号）',
      'Cooperation with public bodies (art. 27(1)(iv))',
    ),
    BUSINESS_SUCCESSION: l('事業の承継（法27条5項2号）', 'Business succession (art. 27(5)(ii))'),
    JOINT_USE: l('共同利用（法27条5項3号）', 'Joint use (art. 27(5)(iii))'),
  },
  handOffMethod: {
    HAND_DELIVERY: l('手渡し', 'Hand delivery'),
    POST: l('郵送', 'Post'),
    EMAIL: l('電子メール', 'E-mail'),
    SYSTEM_TRANSFER: l('システム間連携', 'System transfer'),
  },
  provisionStatus: {
    RECORDED: l('記録済み', 'Recorded'),
    PENDING_APPROVAL: l('承認待ち', 'Awaiting approval'),
    APPROVED: l('承認済み', 'Approved'),
    REJECTED: l('却下', 'Rejected'),
  },
  partyKind: {
    THIRD_PARTY: l('第三者', 'Third party'),
    CONTRACTOR: l('委託先', 'Contractor'),
  },
  endHandling: {
    RETURN: l('返却', 'Return'),
    DELETION: l('削除', 'Deletion'),
  },
  reviewResult: {
    SATISFACTORY: l('適切', 'Satisfactory'),
    IMPROVEMENT_REQUIRED: l('要改善', 'Improvement required'),
    UNSATISFACTORY: l('不適切', 'Unsatisfactory'),
  },
  subjectType: {
    CUSTOMER: l('顧客・見込客', 'Customers and prospects'),
    SEMINAR_PARTICIPANT: l('セミナー参加者', 'Seminar participants'),
    PARTNER_CONTACT: l('取引先担当者', "Partners' staff"),
    EMPLOYEE: l('従業員', 'Employees'),
    APPLICANT: l('応募者', 'Applicants'),
    CLIENT_END_USER: l('委託元の顧客等', "Clients' customers"),
    VISITOR: l('来訪者等', 'Visitors'),
    REQUESTER: l('開示等の請求者・代理人', 'Requesters and their agents'),
    COMPLAINANT: l('苦情・相談の申出人', 'Complainants'),
  },
  acquisitionMethod: {
    WEBSITE: l('Webサイト', 'Website'),
    DOCUMENT: l('書面', 'Document'),
    SEMINAR: l('セミナー', 'Seminar'),
    PHONE: l('電話', 'Telephone'),
    EMAIL: l('電子メール', 'E-mail'),
    ENTRUSTED_BY_CLIENT: l('委託元から受託', 'Entrusted by a client'),
    CCTV: l('防犯カメラ', 'CCTV'),
  },
  retentionTrigger: {
    COLLECTION: l('取得から', 'from collection'),
    LAST_CONTACT: l('最終接触から', 'from the last contact'),
    END_OF_EMPLOYMENT: l('退職から', 'from the end of employment'),
    END_OF_CONTRACT: l('契約終了から', 'from the end of the contract'),
    END_OF_ENTRUSTED_WORK: l('受託業務終了から', 'from the end of the entrusted work'),
    PURPOSE_ACHIEVED: l('利用目的達成から', 'from when the purpose is achieved'),
  },
  level: {
    LOW: l('低', 'Low'),
    MEDIUM: l('中', 'Medium'),
    HIGH: l('高', 'High'),
  },
  medium: {
    ELECTRONIC: l('電子', 'Electronic'),
    PAPER: l('紙', 'Paper'),
  },
  /** APPI arts. 32–35: what the person asks for (the law's names, with the article). */
  role: {
    ADMIN: l('システム管理者', 'Administrator'),
    CPO: l('個人情報保護管理者', 'Chief privacy officer'),
    AUDITOR: l('個人情報保護監査責任者', 'Auditor'),
    HR: l('人事', 'HR'),
    SALES: l('営業', 'Sales'),
    SUPPORT: l('サポート', 'Support'),
    FACILITIES: l('施設管理', 'Facilities'),
    INTEGRATION: l('連携システム', 'Integration'),
    /** The server's own scheduled work (retention sweeps, checkpoints): no person acted. */
    SYSTEM: l('システム（自動処理）', 'System (automatic processing)'),
  },
} as const satisfies Record<string, Record<string, LocalizedText>>;

LABELS.ledgerAction satisfies Record<LedgerAction, LocalizedText>;

export type LabelTable = keyof typeof LABELS;

/** The label of a code; a code the table lacks comes out as it is (a test catches that). */
export function labelOf(table: LabelTable, code: string, lang: DocumentLang): string {
  const labels: Record<string, LocalizedText> = LABELS[table];
  return labels[code]?.[lang] ?? code;
}

/** あり/なし (presence), for facts such as "the person consented". */
export const presence = (value: boolean, lang: DocumentLang): string =>
  value ? l('あり', 'yes')[lang] : l('なし', 'no')[lang];

/** 要/否 (required or not), as the management ledger writes it. */
export const required = (value: boolean, lang: DocumentLang): string =>
  value ? l('要', 'Yes')[lang] : l('否', 'No')[lang];

/** ISO 3166 country code → its name in the language (JP → 日本 / Japan). */
export function countryName(code: string, lang: DocumentLang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Several labels in one cell, joined as each language lists them. */
export const listOf = (values: readonly string[], lang: DocumentLang): string =>
  values.join(lang === 'ja' ? '、' : ', ');
