import {
  AcquisitionMethod,
  Level,
  Medium,
  RetentionTrigger,
  SubjectType,
} from '../catalog/catalog-enums';
import { LABELS, labelOf as documentLabel, required } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { Localized } from '../catalog/localized-text';

const l = (ja: string, en: string): Localized => ({ ja, en });

/** Column headers of the management ledger, in the layout PrivacyMark auditors expect. */
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

// The enums' labels live in @daicho/documents (one source for every document); these lines
// fail to compile if the catalog gains a code the labels lack.
LABELS.subjectType satisfies Record<SubjectType, Localized>;
LABELS.acquisitionMethod satisfies Record<AcquisitionMethod, Localized>;
LABELS.retentionTrigger satisfies Record<RetentionTrigger, Localized>;
LABELS.level satisfies Record<Level, Localized>;
LABELS.medium satisfies Record<Medium, Localized>;

export const labelOf = {
  subject: (v: SubjectType, lang: Lang) => documentLabel('subjectType', v, lang),
  method: (v: AcquisitionMethod, lang: Lang) => documentLabel('acquisitionMethod', v, lang),
  trigger: (v: RetentionTrigger, lang: Lang) => documentLabel('retentionTrigger', v, lang),
  level: (v: Level, lang: Lang) => documentLabel('level', v, lang),
  medium: (v: Medium, lang: Lang) => documentLabel('medium', v, lang),
  role: (v: string, lang: Lang) => documentLabel('role', v, lang),
  yesNo: (v: boolean, lang: Lang) => required(v, lang),
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
