import {
  AcquisitionMethod,
  Level,
  Medium,
  RetentionTrigger,
  SubjectType,
} from '../catalog/catalog-enums';
import type { Lang, Localized } from '../catalog/localized-text';

const l = (ja: string, en: string): Localized => ({ ja, en });

/** Column headers of the management ledger (the PrivacyMark layout, DOMAIN.md §6). */
export const COLUMNS = {
  code: l('コード', 'Code'),
  name: l('個人情報の名称', 'Name of the information'),
  department: l('管理部署', 'Department'),
  manager: l('管理責任者', 'Responsible manager'),
  subjectType: l('本人の種別', 'Data subjects'),
  items: l('項目（※要配慮個人情報）', 'Items (* special-care-required)'),
  classification: l('区分', 'Classification'),
  purposes: l('利用目的', 'Purposes of use'),
  acquisitionMethod: l('取得方法', 'Acquisition method'),
  acquisitionSource: l('取得元', 'Source'),
  legalBasis: l('法的根拠', 'Legal basis'),
  consent: l('同意要否', 'Consent required'),
  disclosureTarget: l('開示対象（保有個人データ）', 'Disclosure target'),
  storage: l('保管場所・形態', 'Storage (system, location)'),
  medium: l('媒体', 'Medium'),
  records: l('件数', 'Records'),
  retention: l('保管期間', 'Retention'),
  disposal: l('廃棄方法', 'Disposal method'),
  roles: l('利用者（アクセス権限）', 'Who may use it'),
  entrustedTo: l('委託先', 'Entrusted to'),
  providedTo: l('第三者提供', 'Provided to'),
  sensitivity: l('機密度', 'Sensitivity'),
  severity: l('事故時の影響度', 'Severity if an accident occurs'),
  risk: l(
    'リスク評価（取得／利用／保管／移送／廃棄）',
    'Risk (acquisition/use/storage/transfer/disposal)',
  ),
  lastReviewed: l('最終見直し日', 'Last reviewed'),
  remarks: l('備考', 'Remarks'),
} satisfies Record<string, Localized>;

export type ColumnKey = keyof typeof COLUMNS;

const SUBJECT: Record<SubjectType, Localized> = {
  CUSTOMER: l('顧客・見込客', 'Customers and prospects'),
  SEMINAR_PARTICIPANT: l('セミナー参加者', 'Seminar participants'),
  PARTNER_CONTACT: l('取引先担当者', "Partners' staff"),
  EMPLOYEE: l('従業員', 'Employees'),
  APPLICANT: l('応募者', 'Applicants'),
  CLIENT_END_USER: l('委託元の顧客等', "Clients' customers"),
  VISITOR: l('来訪者等', 'Visitors'),
};
const METHOD: Record<AcquisitionMethod, Localized> = {
  WEBSITE: l('Webサイト', 'Website'),
  DOCUMENT: l('書面', 'Document'),
  SEMINAR: l('セミナー', 'Seminar'),
  PHONE: l('電話', 'Telephone'),
  EMAIL: l('電子メール', 'E-mail'),
  ENTRUSTED_BY_CLIENT: l('委託元から受託', 'Entrusted by a client'),
  CCTV: l('防犯カメラ', 'CCTV'),
};
const TRIGGER: Record<RetentionTrigger, Localized> = {
  COLLECTION: l('取得から', 'from collection'),
  LAST_CONTACT: l('最終接触から', 'from the last contact'),
  END_OF_EMPLOYMENT: l('退職から', 'from the end of employment'),
  END_OF_CONTRACT: l('契約終了から', 'from the end of the contract'),
  END_OF_ENTRUSTED_WORK: l('受託業務終了から', 'from the end of the entrusted work'),
  PURPOSE_ACHIEVED: l('利用目的達成から', 'from when the purpose is achieved'),
};
const LEVEL: Record<Level, Localized> = {
  LOW: l('低', 'Low'),
  MEDIUM: l('中', 'Medium'),
  HIGH: l('高', 'High'),
};
const MEDIUM: Record<Medium, Localized> = {
  ELECTRONIC: l('電子', 'Electronic'),
  PAPER: l('紙', 'Paper'),
};

export const labelOf = {
  subject: (v: SubjectType, lang: Lang) => SUBJECT[v][lang],
  method: (v: AcquisitionMethod, lang: Lang) => METHOD[v][lang],
  trigger: (v: RetentionTrigger, lang: Lang) => TRIGGER[v][lang],
  level: (v: Level, lang: Lang) => LEVEL[v][lang],
  medium: (v: Medium, lang: Lang) => MEDIUM[v][lang],
  yesNo: (v: boolean, lang: Lang) => (v ? { ja: '要', en: 'Yes' } : { ja: '否', en: 'No' })[lang],
};

/** "P5Y" → "5年" / "5 years", so people read the retention as they would write it. */
export function readablePeriod(iso: string, lang: Lang): string {
  const parts = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
  if (!parts) return iso;
  const units: [string | undefined, string, string][] = [
    [parts[1], '年', 'year'],
    [parts[2], 'か月', 'month'],
    [parts[3], '週間', 'week'],
    [parts[4], '日', 'day'],
  ];
  return units
    .filter(([n]) => n !== undefined)
    .map(([n, ja, en]) => (lang === 'ja' ? `${n}${ja}` : `${n} ${en}${n === '1' ? '' : 's'}`))
    .join(lang === 'ja' ? '' : ' ');
}
