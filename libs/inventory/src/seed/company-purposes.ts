import type { PurposeEntity } from '../purpose/purpose.entity';

type SeedPurpose = Pick<PurposeEntity, 'code' | 'name' | 'description' | 'policyClause'>;

const p = (
  code: string,
  policyClause: string,
  ja: string,
  en: string,
  dja = ja,
  den = en,
): SeedPurpose => ({
  code,
  policyClause,
  name: { ja, en },
  description: { ja: dja, en: den },
});

/** The purposes of use the privacy policy (rev. 2008-10-29) states, clause by clause. */
export const COMPANY_PURPOSES: SeedPurpose[] = [
  p(
    'NEWSLETTER_SUBSCRIPTION',
    '§2.1 Website',
    'メールマガジン購読申込の受付',
    'Reception of e-mail magazine subscriptions',
  ),
  p(
    'NEWSLETTER_DISTRIBUTION',
    '§2.1 Business partners',
    'メールマガジンの配信',
    'Distribution of the e-mail newsletter',
  ),
  p(
    'INQUIRY_RESPONSE',
    '§2.1 Website',
    '製品・サービス・ソリューションに関するお問い合わせへの対応',
    'Response to inquiries about products, services and solutions',
  ),
  p(
    'ESTIMATE_RESPONSE',
    '§2.1 Website',
    'お見積依頼・ご購入に関するお問い合わせへの対応',
    'Response to estimate requests and purchase inquiries',
  ),
  p(
    'AFTER_SALES_RESPONSE',
    '§2.1 Website',
    'ご購入後のお問い合わせへの対応',
    'Response to inquiries after purchase',
  ),
  p(
    'SEMINAR_QUESTIONNAIRE',
    '§2.1 Seminar participants',
    '適切なサービス提供のためのアンケートのお願い',
    'Questionnaires for providing suitable service',
  ),
  p(
    'PRODUCT_INTRODUCTION',
    '§2.1 Seminar participants',
    '当社の製品・サービス・ソリューションのご紹介',
    "Introduction of the company's products, services and solutions",
  ),
  p(
    'BUSINESS_COMMUNICATION',
    '§2.1 Business partners',
    '商談・連絡、受発注業務、請求支払業務',
    'Business talks and communication, order handling and bill payment',
  ),
  p(
    'AFTER_SALES_CARE',
    '§2.1 Business partners',
    '当社製品・サービス等のアフターケア',
    'After-sales care for products and services',
  ),
  p(
    'SEMINAR_INFORMATION',
    '§2.1 Business partners',
    '当社主催セミナーのご案内',
    'Information about seminars the company organises',
  ),
  p(
    'STATUTORY_PROCEDURES',
    '§2.1 Employees',
    '法定手続（健康保険、厚生年金、雇用保険、税務、労災等）',
    'Statutory procedures (health insurance, pension, employment insurance, tax, workers’ compensation)',
  ),
  p(
    'INDUSTRIAL_SAFETY',
    '§2.1 Employees',
    '労働安全衛生管理',
    'Industrial safety and health management',
  ),
  p('PERSONNEL_ADMIN', '§2.1 Employees', '人事労務管理', 'Personnel and labour management'),
  p('FAMILY_BENEFITS', '§2.1 Employees', '家族手当等の福利厚生', 'Family benefits'),
  p('BUSINESS_CONTROL', '§2.1 Employees', '業務管理', 'Business control'),
  p('SECURITY_MANAGEMENT', '§2.1 Employees', 'セキュリティ管理', 'Security management'),
  p(
    'ENTRANCE_APPROVAL',
    '§3.1',
    '取引先指定区域への入館承認手続',
    "Entrance approval procedures for business partners' designated areas",
    '取引先のシステム関連会社へ、氏名・所属・役職・連絡先・顔写真・資格を担当者が書面で手渡しで提供する',
    "Name, department, position, contact, face image and qualifications handed by the person in charge, in writing, to the client's system-related company",
  ),
  p('RECRUITMENT', '§2.1 Applicants', '採用選考', 'Recruitment'),
  p(
    'CONTRACTED_CALL_CENTER',
    '§2.2',
    '受託業務の遂行（電話受付、ヘルプデスク、受発注）',
    'Contracted work: telephone reception, helpdesk, order handling',
  ),
  p(
    'QUALITY_IMPROVEMENT',
    '§2.2',
    '応対品質の評価・改善',
    'Evaluation and improvement of response quality',
  ),
  p('RESPONSE_HISTORY', '§2.2', '応対履歴の記録', 'Recording of response history'),
  p(
    'ENTRUSTED_SYSDEV',
    '§2.2',
    '受託業務の遂行（システム開発、情報処理）',
    'Entrusted business: system development and information processing',
  ),
  p(
    'ENTRUSTED_DATA_ENTRY',
    '§2.2',
    '受託業務の遂行（紙・記載情報の電子化のためのデータ入力）',
    'Entrusted business: data entry to digitise paper and written information',
  ),
  p('CRIME_PREVENTION', '§2.2', '事業所の防犯管理', 'Crime prevention at business establishments'),
  // Handling the person's own requests and incidents is part of every category's use (policy §5, intro 3).
  p(
    'DATA_SUBJECT_REQUEST',
    '§5',
    '開示等の求めへの対応',
    'Handling requests for disclosure and other requests from the person',
  ),
  p(
    'INCIDENT_RESPONSE',
    'Policy intro 3',
    '漏えい・滅失・毀損発生時の是正措置',
    'Corrective action after leakage, loss or damage',
  ),
  // APPI art. 40: complaints about the handling handled "appropriately and promptly" (policy §8).
  p('COMPLAINT_HANDLING', '§8', '苦情・相談への対応', 'Responding to complaints and consultations'),
];
