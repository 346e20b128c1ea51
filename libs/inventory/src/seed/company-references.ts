import { Medium, RecipientKind } from '../catalog/catalog-enums';
import type { RecipientEntity } from '../recipient/recipient.entity';
import type { StorageSystemEntity } from '../system/storage-system.entity';

type SeedSystem = Pick<
  StorageSystemEntity,
  'code' | 'name' | 'location' | 'medium' | 'securityMeasures'
>;
type SeedRecipient = Pick<
  RecipientEntity,
  'code' | 'name' | 'kind' | 'recipientType' | 'country' | 'provisionRule'
>;

const OFFICE = { ja: '本社（大阪）', en: 'Head office (Osaka)' };
const DATA_CENTER = { ja: '国内データセンター', en: 'Data centre in Japan' };
const ACCESS_CONTROLLED = {
  ja: 'アクセス権限管理、通信暗号化（SSL）、ファイアウォール、操作ログ',
  en: 'Role-based access, encrypted transport (SSL), firewall, access logs',
};
const LOCKED_CABINET = { ja: '施錠保管庫、鍵管理台帳', en: 'Locked cabinet with a key register' };

const sys = (
  code: string,
  ja: string,
  en: string,
  medium: Medium,
  location = DATA_CENTER,
  securityMeasures = ACCESS_CONTROLLED,
): SeedSystem => ({
  code,
  name: { ja, en },
  location,
  medium,
  securityMeasures,
});

export const COMPANY_SYSTEMS: SeedSystem[] = [
  sys('WEBSITE_FORMS', 'Webサイト問合せフォームDB', 'Website form database', Medium.ELECTRONIC),
  sys('CRM', '顧客管理システム', 'Customer relationship management system', Medium.ELECTRONIC),
  sys('NEWSLETTER_SERVICE', 'メール配信システム', 'Newsletter delivery system', Medium.ELECTRONIC),
  sys(
    'SEMINAR_FILES',
    'セミナー受付・アンケート用紙',
    'Seminar registration and questionnaire sheets',
    Medium.PAPER,
    OFFICE,
    LOCKED_CABINET,
  ),
  sys('HR_SYSTEM', '人事給与システム', 'HR and payroll system', Medium.ELECTRONIC),
  sys(
    'PERSONNEL_FILES',
    '人事記録（紙）',
    'Personnel files (paper)',
    Medium.PAPER,
    OFFICE,
    LOCKED_CABINET,
  ),
  sys(
    'RECRUITMENT_FILES',
    '応募書類',
    'Application documents',
    Medium.PAPER,
    OFFICE,
    LOCKED_CABINET,
  ),
  sys('CALL_RECORDER', '通話録音システム', 'Call recording system', Medium.ELECTRONIC, {
    ja: 'コンタクトセンター',
    en: 'Contact center',
  }),
  sys(
    'PROJECT_ENVIRONMENT',
    '受託開発用隔離環境',
    'Isolated environment for entrusted development',
    Medium.ELECTRONIC,
  ),
  sys(
    'DATA_ENTRY_ROOM',
    'データ入力室（原票・入力端末）',
    'Data-entry room (source documents and terminals)',
    Medium.PAPER,
    { ja: 'データ入力センター', en: 'Data-entry center' },
    {
      ja: '入退室管理、私物持込禁止、原票の施錠保管',
      en: 'Entry control, no personal devices, source documents locked away',
    },
  ),
  sys(
    'REQUEST_FILES',
    '開示等請求書類・対応記録',
    'Request letters, forms and response records',
    Medium.PAPER,
    OFFICE,
    LOCKED_CABINET,
  ),
  sys(
    'DAICHO',
    '個人情報管理台帳システム（台帳）',
    'Personal information ledger system (Daicho)',
    Medium.ELECTRONIC,
  ),
  sys('CCTV_RECORDER', '防犯カメラ録画装置', 'CCTV recorder', Medium.ELECTRONIC, OFFICE, {
    ja: '録画装置の施錠保管、閲覧者限定、上書き消去',
    en: 'Recorder locked away, few viewers, overwritten automatically',
  }),
];

export const COMPANY_RECIPIENTS: SeedRecipient[] = [
  {
    code: 'CLIENT_SYSTEM_COMPANY',
    name: { ja: '取引先のシステム関連会社', en: "Client's system-related company" },
    kind: RecipientKind.THIRD_PARTY,
    recipientType: { ja: '取引先のシステム関連会社', en: 'System related company of our client' },
    country: 'JP',
    // Policy §3.1, verbatim in substance: what, how and why employees' data goes there.
    provisionRule: {
      ja: '取引先指定区域の入館承認手続のため、従業員の氏名・所属・役職・連絡先・顔写真・資格を、担当者が書面に記載し手渡しで提供する（本人同意に基づく）',
      en: "For entrance approval to the client's designated areas: employees' name, department, position, contact, face image and qualifications, written by the person in charge and handed over directly (on the employees' consent)",
    },
  },
];
