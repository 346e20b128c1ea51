import type { LocalizedText } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type {
  IncidentCause,
  IncidentKind,
  IncidentStage,
  ReportStage,
  Rule7Ground,
} from '../incident-enums';

export const t = (ja: string, en: string): LocalizedText => ({ ja, en });

/** The incident's codes in words, as the report and the notice print them (never a code). */
export const INCIDENT_LABELS = {
  kind: {
    LEAKAGE: t('漏えい', 'leakage'),
    LOSS: t('滅失', 'loss'),
    DAMAGE: t('毀損', 'damage'),
  } satisfies Record<IncidentKind, LocalizedText>,
  cause: {
    MISDELIVERY: t('誤送付・誤送信', 'Misdelivery (wrong address, recipient or attachment)'),
    LOSS_OF_MEDIUM: t(
      '書類・媒体・機器の紛失又は盗難',
      'Loss or theft of papers, media or devices',
    ),
    UNAUTHORIZED_ACCESS: t('不正アクセス', 'Unauthorised access'),
    INSIDER_MISUSE: t('従業者による不正な持出し・利用', 'Misuse or theft by an insider'),
    MALWARE: t('マルウェア感染', 'Malware'),
    SYSTEM_FAULT: t('システムの不具合・設定誤り', 'System fault or misconfiguration'),
    OTHER: t('その他', 'Other'),
  } satisfies Record<IncidentCause, LocalizedText>,
  stage: {
    DETECTED: t('発覚', 'Detected'),
    CONTAINED: t('封じ込め済み', 'Contained'),
    INVESTIGATED: t('調査済み', 'Investigated'),
    CLOSED: t('完了', 'Closed'),
  } satisfies Record<IncidentStage, LocalizedText>,
  reportStage: {
    PRELIMINARY: t('速報', 'preliminary report'),
    FINAL: t('確報', 'final report'),
  } satisfies Record<ReportStage, LocalizedText>,
  /** PPC Rule 7, items (i)–(iv), as the report form names the situations. */
  rule7: {
    SPECIAL_CARE: t(
      '要配慮個人情報が含まれる個人データの漏えい等（規則7条1号）',
      'Special-care-required personal data (Rule 7(i))',
    ),
    FINANCIAL_DAMAGE: t(
      '不正に利用されることにより財産的被害が生じるおそれがある個人データの漏えい等（規則7条2号）',
      'Data whose misuse may cause property damage (Rule 7(ii))',
    ),
    WRONGFUL_PURPOSE: t(
      '不正の目的をもって行われたおそれがある個人データの漏えい等（規則7条3号）',
      'Possibly done with a wrongful purpose (Rule 7(iii))',
    ),
    OVER_1000_PERSONS: t(
      '本人の数が1,000人を超える個人データの漏えい等（規則7条4号）',
      'More than 1,000 persons (Rule 7(iv))',
    ),
    MY_NUMBER_ACT: t(
      '特定個人情報の漏えい等（番号法29条の4、特定個人情報漏えい等報告規則2条）',
      'My Number data (My Number Act art. 29-4; PPC rule on its reports, art. 2)',
    ),
  } satisfies Record<Rule7Ground, LocalizedText>,
};

/** The nine items of a report to the PPC, in the order of PPC Rule 8(1). */
export const REPORT_ITEMS = {
  overview: t('概要', 'Overview'),
  items: t(
    '漏えい等が発生し、又は発生したおそれがある個人データの項目',
    'Items of the personal data that leaked (or may have), were lost or damaged',
  ),
  persons: t(
    '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数',
    'Number of persons whose data is concerned',
  ),
  cause: t('原因', 'Cause'),
  secondaryDamage: t(
    '二次被害又はそのおそれの有無及びその内容',
    'Secondary damage or its risk, and what it is',
  ),
  responseToPersons: t('本人への対応の実施状況', 'Response to the persons'),
  publication: t('公表の実施状況', 'Publication'),
  prevention: t('再発防止のための措置', 'Measures to prevent recurrence'),
  other: t('その他参考となる事項', 'Other matters for reference'),
};

export type ReportItem = keyof typeof REPORT_ITEMS;

/** What a notice to the person must say (APPI art. 26(2); PPC guidelines 3-5-4-3). */
export const NOTICE_ITEMS = [
  'overview',
  'items',
  'cause',
  'secondaryDamage',
  'other',
] as const satisfies readonly ReportItem[];

/** The count of persons as the report writes it: 12名 / 12 persons. */
export const personsText = (persons: number, lang: Lang): string =>
  lang === 'ja'
    ? `${persons.toLocaleString('ja-JP')}名`
    : `${persons.toLocaleString('en-US')} person${persons === 1 ? '' : 's'}`;
