import { Role } from '@daicho/access';
import {
  AcquisitionMethod as A,
  ItemValueType as V,
  Level,
  LifecycleStage,
  RetentionTrigger as R,
  SubjectType,
} from '../catalog/catalog-enums';
import type { Localized } from '../catalog/localized-text';
import type { DataCategoryEntity, StageRisk } from '../category/data-category.entity';
import type { DataItem } from '../category/data-item';
import type { PurposeItems } from '../category/purpose-items';

export type SeedCategory = Omit<
  DataCategoryEntity,
  'version' | 'retiredAt' | 'createdAt' | 'updatedAt' | 'updatedBy' | 'lastReviewedAt'
>;

const t = (ja: string, en: string): Localized => ({ ja, en });

type ItemFlags = Partial<
  Pick<
    DataItem,
    | 'valueType'
    | 'required'
    | 'specialCare'
    | 'identifiesAlone'
    | 'myNumber'
    | 'financialDamageRisk'
  >
>;
const item = (key: string, ja: string, en: string, flags: ItemFlags = {}): DataItem => ({
  key,
  label: t(ja, en),
  valueType: flags.valueType ?? V.TEXT,
  required: flags.required ?? false,
  specialCare: flags.specialCare ?? false,
  identifiesAlone: flags.identifiesAlone ?? false,
  myNumber: flags.myNumber ?? false,
  financialDamageRisk: flags.financialDamageRisk ?? false,
});

// Items several categories share.
const NAME = item('name', '氏名', 'Name', { required: true });
const EMAIL = item('email', 'メールアドレス', 'E-mail address');
const PHONE = item('phone', '電話番号', 'Telephone number');
const ADDRESS = item('address', '住所', 'Address');
const COMPANY = item('company', '会社名', 'Company');
const DEPARTMENT = item('department', '所属', 'Department');
const POSITION = item('position', '役職', 'Position');
const DATE_OF_BIRTH = item('dateOfBirth', '生年月日', 'Date of birth', { valueType: V.DATE });
const FACE_IMAGE = item('faceImage', '顔写真', 'Face image', { valueType: V.BINARY });
const QUALIFICATIONS = item('qualifications', '資格', 'Qualifications');

const STAGE_MEASURES: Record<LifecycleStage, Localized> = {
  [LifecycleStage.ACQUISITION]: t('取得時の利用目的明示、SSL', 'Purpose shown at collection; SSL'),
  [LifecycleStage.USE]: t('権限者のみ利用、操作ログ', 'Authorised staff only; access logs'),
  [LifecycleStage.STORAGE]: t(
    'アクセス制御、暗号化、施錠保管',
    'Access control, encryption, locked storage',
  ),
  [LifecycleStage.TRANSFER]: t(
    '暗号化通信、手渡し時の受領記録',
    'Encrypted transfer; receipts for hand deliveries',
  ),
  [LifecycleStage.DISPOSAL]: t('消去証明、溶解・裁断', 'Certified erasure; shredding or pulping'),
};

/** Risk per life-cycle stage; one level for leakage, loss and damage unless a stage differs. */
function risks(base: Level, overrides: Partial<Record<LifecycleStage, Level>> = {}): StageRisk[] {
  return Object.values(LifecycleStage).map((stage) => {
    const level = overrides[stage] ?? base;
    return { stage, leakage: level, loss: level, damage: level, measures: STAGE_MEASURES[stage] };
  });
}

const SALES_DEPT = t('営業部', 'Sales');
const SALES_MANAGER = t('営業部長', 'Head of Sales');
const ADMIN_DEPT = t('管理部', 'Administration');
const ADMIN_MANAGER = t('管理部長（個人情報保護管理者）', 'Administrative Manager (CPO)');
const CALL_DEPT = t('コールセンター事業部', 'Contact Center');
const CALL_MANAGER = t('コールセンター事業部長', 'Head of Contact Center');
const DEV_DEPT = t('システム開発部', 'System Development');
const DEV_MANAGER = t('システム開発部長', 'Head of System Development');

const CONSENT_BY_NOTICE = t(
  '本人から直接取得（利用目的を明示）',
  'Collected directly from the person, purpose stated',
);
const CLIENT_CONTRACT = t(
  '委託元との業務委託契約（委託元の保有個人データ）',
  "Service contract with the client (the client's retained data)",
);
const ERASE = t('電子データは消去し消去記録を残す', 'Electronic data erased, erasure logged');
const SHRED_AND_ERASE = t('紙は溶解処理、電子データは消去', 'Paper pulped; electronic data erased');
const RETURN_OR_ERASE = t(
  '委託契約の定めにより委託元へ返却または消去し、消去証明を提出',
  'Returned to the client or erased as the contract says, with a certificate of erasure',
);
const REQUEST_AND_INCIDENT = ['DATA_SUBJECT_REQUEST', 'INCIDENT_RESPONSE'];

/** The company's own catalog (the categories the privacy policy's §2 lists), before the purposes' items are added. */
const CATEGORIES: Omit<SeedCategory, 'purposeItems'>[] = [
  {
    code: 'WEB_NEWSLETTER',
    name: t('メールマガジン購読者', 'E-mail magazine subscribers'),
    description: t(
      'Webサイトからのメールマガジン購読申込',
      'Newsletter subscriptions made on the website',
    ),
    subjectType: SubjectType.CUSTOMER,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [{ ...EMAIL, required: true }, item('name', '氏名', 'Name'), COMPANY],
    purposeCodes: ['NEWSLETTER_SUBSCRIPTION', 'NEWSLETTER_DISTRIBUTION', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.WEBSITE],
    acquisitionSource: t('本人（Webフォーム）', 'The person (web form)'),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: true, // opt-in for marketing e-mail (Act on Regulation of Transmission of Specified E-mail, art. 3)
    disclosureTarget: true,
    systemCodes: ['WEBSITE_FORMS', 'NEWSLETTER_SERVICE'],
    approximateRecords: 3000,
    // Kept until the subscription ends, then 30 days to process unsubscription and bounces;
    // APPI art. 22: erase without delay once no longer needed.
    retentionPeriod: 'P30D',
    retentionTrigger: R.PURPOSE_ACHIEVED,
    disposalMethod: ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.LOW,
    riskAssessment: risks(Level.LOW),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'WEB_INQUIRY',
    name: t('Webお問い合わせ', 'Website inquiries'),
    description: t(
      '製品・サービス・ソリューションに関するお問い合わせ',
      'Inquiries about products, services and solutions',
    ),
    subjectType: SubjectType.CUSTOMER,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [NAME, EMAIL, PHONE, COMPANY, item('inquiry', 'お問い合わせ内容', 'Inquiry')],
    purposeCodes: ['INQUIRY_RESPONSE', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.WEBSITE, A.EMAIL],
    acquisitionSource: t('本人（Webフォーム、電子メール）', 'The person (web form, e-mail)'),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['WEBSITE_FORMS', 'CRM'],
    approximateRecords: 5000,
    // Three years after the last contact covers follow-up questions and any complaint about
    // the answer; no statute asks for more.
    retentionPeriod: 'P3Y',
    retentionTrigger: R.LAST_CONTACT,
    disposalMethod: ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.LOW,
    riskAssessment: risks(Level.LOW),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'WEB_ESTIMATE',
    name: t('お見積・ご購入のお問い合わせ', 'Estimate requests and purchase inquiries'),
    description: t(
      'Webサイトからのお見積依頼・ご購入に関するお問い合わせ',
      'Estimate requests and purchase inquiries from the website',
    ),
    subjectType: SubjectType.CUSTOMER,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [
      NAME,
      EMAIL,
      PHONE,
      COMPANY,
      ADDRESS,
      item('estimateRequest', '見積依頼内容', 'Estimate request'),
    ],
    purposeCodes: ['ESTIMATE_RESPONSE', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.WEBSITE],
    acquisitionSource: t('本人（Webフォーム）', 'The person (web form)'),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['WEBSITE_FORMS', 'CRM'],
    approximateRecords: 1500,
    // Estimates are transaction documents: Corporation Tax Act Enforcement Regulations art. 59
    // keeps them seven years from the end of the business year of the transaction.
    retentionPeriod: 'P7Y',
    retentionTrigger: R.END_OF_CONTRACT,
    disposalMethod: ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.MEDIUM,
    riskAssessment: risks(Level.LOW),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'WEB_AFTER_SALES',
    name: t('ご購入後のお問い合わせ', 'After-sales inquiries'),
    description: t(
      'ご購入後の製品・サービスに関するお問い合わせ',
      'Inquiries about products and services after purchase',
    ),
    subjectType: SubjectType.CUSTOMER,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [
      NAME,
      EMAIL,
      PHONE,
      COMPANY,
      item('purchasedProduct', '購入製品', 'Purchased product'),
      item('inquiry', 'お問い合わせ内容', 'Inquiry'),
    ],
    purposeCodes: ['AFTER_SALES_RESPONSE', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.WEBSITE, A.EMAIL, A.PHONE],
    acquisitionSource: t(
      '本人（Webフォーム、電子メール、電話）',
      'The person (web form, e-mail, telephone)',
    ),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['WEBSITE_FORMS', 'CRM'],
    approximateRecords: 2000,
    // Five years after the last contact: the general limitation period for contractual
    // claims (Civil Code art. 166(1)(i)) within which warranty questions can still arise.
    retentionPeriod: 'P5Y',
    retentionTrigger: R.LAST_CONTACT,
    disposalMethod: ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.LOW,
    riskAssessment: risks(Level.LOW),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'SEMINAR',
    name: t('セミナー参加者', 'Seminar participants'),
    description: t(
      '当社主催セミナーの参加申込とアンケート',
      'Registrations and questionnaires of seminars the company runs',
    ),
    subjectType: SubjectType.SEMINAR_PARTICIPANT,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [
      NAME,
      COMPANY,
      DEPARTMENT,
      POSITION,
      EMAIL,
      PHONE,
      item('questionnaire', 'アンケート回答', 'Questionnaire answers'),
    ],
    purposeCodes: ['SEMINAR_QUESTIONNAIRE', 'PRODUCT_INTRODUCTION', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.SEMINAR, A.WEBSITE, A.DOCUMENT],
    acquisitionSource: t(
      '本人（申込フォーム、当日のアンケート用紙）',
      'The person (registration form, questionnaire sheet on the day)',
    ),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['CRM', 'SEMINAR_FILES'],
    approximateRecords: 800,
    // Three years from the seminar: long enough to introduce related products, short enough
    // that the purpose of use still holds (APPI art. 22).
    retentionPeriod: 'P3Y',
    retentionTrigger: R.COLLECTION,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.LOW,
    riskAssessment: risks(Level.LOW, { STORAGE: Level.MEDIUM }),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'PARTNER_CONTACT',
    name: t('取引先担当者', "Business partners' persons in charge"),
    description: t(
      '取引先のご担当者の連絡先（名刺等）',
      "Contact details of business partners' staff (business cards etc.)",
    ),
    subjectType: SubjectType.PARTNER_CONTACT,
    ownerDepartment: SALES_DEPT,
    responsibleManager: SALES_MANAGER,
    items: [NAME, COMPANY, DEPARTMENT, POSITION, EMAIL, PHONE, ADDRESS],
    purposeCodes: [
      'BUSINESS_COMMUNICATION',
      'AFTER_SALES_CARE',
      'SEMINAR_INFORMATION',
      'NEWSLETTER_DISTRIBUTION',
      ...REQUEST_AND_INCIDENT,
    ],
    acquisitionMethods: [A.DOCUMENT, A.EMAIL],
    acquisitionSource: t('本人（名刺交換、電子メール）', 'The person (business cards, e-mail)'),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['CRM'],
    approximateRecords: 4000,
    // Five years after the last contact: Civil Code art. 166 limitation for claims from the
    // business relationship.
    retentionPeriod: 'P5Y',
    retentionTrigger: R.LAST_CONTACT,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SALES, Role.CPO],
    sensitivity: Level.LOW,
    accidentSeverity: Level.LOW,
    riskAssessment: risks(Level.LOW),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'EMPLOYEE',
    name: t('従業員', 'Employees'),
    description: t(
      '従業員の人事・労務・給与・社会保険に関する情報',
      'Personnel, payroll and social-insurance data of employees',
    ),
    subjectType: SubjectType.EMPLOYEE,
    ownerDepartment: ADMIN_DEPT,
    responsibleManager: ADMIN_MANAGER,
    items: [
      NAME,
      ADDRESS,
      DATE_OF_BIRTH,
      item('gender', '性別', 'Gender'),
      PHONE,
      EMAIL,
      DEPARTMENT,
      POSITION,
      item('employeeNumber', '社員番号', 'Employee number'),
      item('myNumber', '個人番号（マイナンバー）', 'My Number', {
        myNumber: true,
        identifiesAlone: true,
      }),
      item('healthInsuranceNumber', '健康保険被保険者番号', 'Health insurance number', {
        identifiesAlone: true,
      }),
      item('pensionNumber', '基礎年金番号', 'Basic pension number', { identifiesAlone: true }),
      item('employmentInsuranceNumber', '雇用保険被保険者番号', 'Employment insurance number', {
        identifiesAlone: true,
      }),
      item('family', '扶養家族', 'Dependants'),
      item('bankAccount', '給与振込口座', 'Salary bank account', { financialDamageRisk: true }),
      item('healthCheckResults', '健康診断結果', 'Health check results', { specialCare: true }),
      FACE_IMAGE,
      QUALIFICATIONS,
    ],
    purposeCodes: [
      'STATUTORY_PROCEDURES',
      'INDUSTRIAL_SAFETY',
      'PERSONNEL_ADMIN',
      'FAMILY_BENEFITS',
      'BUSINESS_CONTROL',
      'SECURITY_MANAGEMENT',
      'ENTRANCE_APPROVAL',
      ...REQUEST_AND_INCIDENT,
    ],
    acquisitionMethods: [A.DOCUMENT],
    acquisitionSource: t(
      '本人（入社時・各種届出書類）',
      'The employee (documents at hiring and later notifications)',
    ),
    legalBasis: t(
      '雇用契約、労働基準法・社会保険各法・所得税法等に基づく法定手続、番号法第19条（個人番号）',
      'Employment contract; statutory procedures under labour, social-insurance and tax laws; My Number Act art. 19',
    ),
    consentRequired: true, // for the third-party provision of §3.1 (entrance approval), APPI art. 27(1)
    disclosureTarget: true,
    systemCodes: ['HR_SYSTEM', 'PERSONNEL_FILES'],
    approximateRecords: 300,
    // Seven years after the end of employment: withholding-tax records (Income Tax Act art. 240
    // etc.) are kept seven years, employment records at least five (Labour Standards Act art. 109).
    // My Number is erased as soon as no statutory procedure needs it (My Number Act art. 20).
    retentionPeriod: 'P7Y',
    retentionTrigger: R.END_OF_EMPLOYMENT,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: ['CLIENT_SYSTEM_COMPANY'],
    handlingRoles: [Role.HR, Role.CPO],
    sensitivity: Level.HIGH,
    accidentSeverity: Level.HIGH,
    riskAssessment: risks(Level.HIGH, { ACQUISITION: Level.MEDIUM }),
    remarks: t(
      '個人番号は法定手続の担当者のみ取扱う',
      'My Number handled only by the staff of the statutory procedures',
    ),
    reviewInterval: 'P1Y',
  },
  {
    code: 'APPLICANT',
    name: t('採用応募者', 'Recruitment applicants'),
    description: t(
      '当社の採用に応募された方の応募書類',
      'Application documents of people applying for a job',
    ),
    subjectType: SubjectType.APPLICANT,
    ownerDepartment: ADMIN_DEPT,
    responsibleManager: ADMIN_MANAGER,
    items: [
      NAME,
      ADDRESS,
      DATE_OF_BIRTH,
      item('gender', '性別', 'Gender'),
      PHONE,
      EMAIL,
      item('education', '学歴', 'Education'),
      item('workHistory', '職歴', 'Work history'),
      QUALIFICATIONS,
      FACE_IMAGE,
    ],
    purposeCodes: ['RECRUITMENT', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.DOCUMENT, A.WEBSITE, A.EMAIL],
    acquisitionSource: t('本人（履歴書、応募フォーム）', 'The applicant (CV, application form)'),
    legalBasis: CONSENT_BY_NOTICE,
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['RECRUITMENT_FILES', 'HR_SYSTEM'],
    approximateRecords: 400,
    // Six months after the selection ends: room for questions about the decision, then the
    // purpose is achieved (APPI art. 22). Hired applicants continue as EMPLOYEE.
    retentionPeriod: 'P6M',
    retentionTrigger: R.PURPOSE_ACHIEVED,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.HR, Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.MEDIUM,
    riskAssessment: risks(Level.MEDIUM),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    // The policy: personal information acquired in a request "will be handled only to the extent
    // necessary for responding to the request" ("Procedures" §5); kept three years after the
    // request is closed, as the evidence of how it was answered (APPI arts. 32–39).
    code: 'REQUESTER',
    name: t('開示等の請求者・代理人', 'Requesters for disclosure, etc. and their agents'),
    description: t(
      '開示等の請求書に記載された請求者及び代理人の情報と請求の内容',
      'The requester and agent as the request form names them, and what they ask for',
    ),
    subjectType: SubjectType.REQUESTER,
    ownerDepartment: ADMIN_DEPT,
    responsibleManager: ADMIN_MANAGER,
    items: [
      NAME,
      ADDRESS,
      EMAIL,
      PHONE,
      item('agentName', '代理人氏名', "Agent's name"),
      item('agentAddress', '代理人住所', "Agent's address"),
      item('requestDetails', '請求の内容', 'What is requested'),
    ],
    purposeCodes: ['DATA_SUBJECT_REQUEST'],
    acquisitionMethods: [A.DOCUMENT, A.EMAIL],
    acquisitionSource: t(
      '請求者本人又は代理人（所定の請求書）',
      'The requester or agent (the prescribed form)',
    ),
    legalBasis: t(
      '開示等の請求への対応（法32条〜39条）',
      'Answering the request (APPI arts. 32–39)',
    ),
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['REQUEST_FILES', 'DAICHO'],
    approximateRecords: 20,
    retentionPeriod: 'P3Y',
    retentionTrigger: R.PURPOSE_ACHIEVED,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.MEDIUM,
    riskAssessment: risks(Level.MEDIUM),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    // Complaints and consultations (APPI art. 40; policy §8), kept as REQUESTER is: by the CPO,
    // for answering them only, three years after the complaint is closed. A complainant may ask
    // for disclosure of it like of any retained data (art. 33), hence DATA_SUBJECT_REQUEST too.
    code: 'COMPLAINANT',
    name: t('苦情・相談の申出人', 'Complainants and consulting persons'),
    description: t(
      '苦情・相談の申出人の氏名・連絡先と申出の内容',
      'The complainant as they gave their name and contact, and what the complaint says',
    ),
    subjectType: SubjectType.COMPLAINANT,
    ownerDepartment: ADMIN_DEPT,
    responsibleManager: ADMIN_MANAGER,
    items: [
      NAME,
      ADDRESS,
      EMAIL,
      PHONE,
      item('complaintContent', '苦情・相談の内容', 'What the complaint or consultation says'),
    ],
    purposeCodes: ['COMPLAINT_HANDLING', 'DATA_SUBJECT_REQUEST'],
    acquisitionMethods: [A.DOCUMENT, A.EMAIL, A.PHONE],
    acquisitionSource: t(
      '申出人本人（書面、来訪、電子メール、電話）',
      'The complainant (letter, visit, e-mail, telephone)',
    ),
    legalBasis: t('苦情の処理（法40条）', 'Handling complaints (APPI art. 40)'),
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['REQUEST_FILES', 'DAICHO'],
    approximateRecords: 20,
    retentionPeriod: 'P3Y',
    retentionTrigger: R.PURPOSE_ACHIEVED,
    disposalMethod: SHRED_AND_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.MEDIUM,
    riskAssessment: risks(Level.MEDIUM),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'CALL_RECORDING',
    name: t('コンタクトセンター通話録音', 'Contact-center call recordings'),
    description: t(
      'コンタクトセンター・サポートセンターでの通話音声と応対記録',
      'Voice recordings and response notes of contact and support center calls',
    ),
    subjectType: SubjectType.CLIENT_END_USER,
    ownerDepartment: CALL_DEPT,
    responsibleManager: CALL_MANAGER,
    items: [
      item('voiceRecording', '通話音声', 'Voice recording', {
        valueType: V.BINARY,
        required: true,
      }),
      item('callerNumber', '発信者番号', 'Caller number'),
      item('callTime', '通話日時', 'Call time', { valueType: V.DATETIME, required: true }),
      item('callerName', '氏名', 'Caller name'),
      item('responseNotes', '応対履歴', 'Response notes'),
    ],
    purposeCodes: [
      'CONTRACTED_CALL_CENTER',
      'QUALITY_IMPROVEMENT',
      'RESPONSE_HISTORY',
      ...REQUEST_AND_INCIDENT,
    ],
    acquisitionMethods: [A.PHONE, A.ENTRUSTED_BY_CLIENT],
    acquisitionSource: t('委託元の顧客（電話）', "The client's customers (telephone)"),
    legalBasis: CLIENT_CONTRACT,
    consentRequired: false,
    disclosureTarget: false, // the client's retained data (policy §5)
    systemCodes: ['CALL_RECORDER'],
    approximateRecords: 200000,
    // One year from the call for quality evaluation, unless the client's contract says
    // otherwise; at the end of the work, returned or erased (APPI art. 25 supervision).
    retentionPeriod: 'P1Y',
    retentionTrigger: R.COLLECTION,
    disposalMethod: RETURN_OR_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SUPPORT, Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.HIGH,
    riskAssessment: risks(Level.MEDIUM, { STORAGE: Level.HIGH }),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'ENTRUSTED_SYSDEV',
    name: t(
      'システム開発・情報処理受託データ',
      'Data entrusted for system development and information processing',
    ),
    description: t(
      '委託元から預かるシステム開発・情報処理用の個人情報',
      'Personal data a client entrusts for development or processing',
    ),
    subjectType: SubjectType.CLIENT_END_USER,
    ownerDepartment: DEV_DEPT,
    responsibleManager: DEV_MANAGER,
    items: [
      NAME,
      ADDRESS,
      PHONE,
      EMAIL,
      item('clientDefinedData', '委託元指定の項目', 'Items the client defines'),
    ],
    purposeCodes: ['ENTRUSTED_SYSDEV', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.ENTRUSTED_BY_CLIENT],
    acquisitionSource: t('委託元', 'The client'),
    legalBasis: CLIENT_CONTRACT,
    consentRequired: false,
    disclosureTarget: false,
    systemCodes: ['PROJECT_ENVIRONMENT'],
    approximateRecords: 50000,
    // Thirty days after the entrusted work ends: time to return or erase it and certify so,
    // as the service contract requires.
    retentionPeriod: 'P30D',
    retentionTrigger: R.END_OF_ENTRUSTED_WORK,
    disposalMethod: RETURN_OR_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SUPPORT, Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.HIGH,
    riskAssessment: risks(Level.MEDIUM, { TRANSFER: Level.HIGH }),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'ENTRUSTED_DATA_ENTRY',
    name: t('データ入力受託データ', 'Data entrusted for data entry'),
    description: t(
      '紙・記載情報の電子化のために預かる原票の情報',
      'Information on paper forms a client entrusts for digitising',
    ),
    subjectType: SubjectType.CLIENT_END_USER,
    ownerDepartment: DEV_DEPT,
    responsibleManager: DEV_MANAGER,
    items: [NAME, ADDRESS, PHONE, item('formContent', '原票の記載内容', 'Form content')],
    purposeCodes: ['ENTRUSTED_DATA_ENTRY', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.ENTRUSTED_BY_CLIENT, A.DOCUMENT],
    acquisitionSource: t('委託元（原票）', 'The client (source documents)'),
    legalBasis: CLIENT_CONTRACT,
    consentRequired: false,
    disclosureTarget: false,
    systemCodes: ['DATA_ENTRY_ROOM'],
    approximateRecords: 100000,
    // As ENTRUSTED_SYSDEV: returned or erased within thirty days of the end of the work.
    retentionPeriod: 'P30D',
    retentionTrigger: R.END_OF_ENTRUSTED_WORK,
    disposalMethod: RETURN_OR_ERASE,
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.SUPPORT, Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.HIGH,
    riskAssessment: risks(Level.MEDIUM, { STORAGE: Level.HIGH, TRANSFER: Level.HIGH }),
    remarks: null,
    reviewInterval: 'P1Y',
  },
  {
    code: 'CCTV',
    name: t('防犯カメラ映像', 'CCTV images'),
    description: t(
      '事業所に設置した防犯カメラの映像',
      'Images from surveillance cameras at business establishments',
    ),
    subjectType: SubjectType.VISITOR,
    ownerDepartment: ADMIN_DEPT,
    responsibleManager: ADMIN_MANAGER,
    items: [
      item('image', '映像', 'Image', { valueType: V.BINARY, required: true }),
      item('cameraLocation', 'カメラ設置場所', 'Camera location', { required: true }),
      item('capturedAt', '撮影日時', 'Capture time', { valueType: V.DATETIME, required: true }),
    ],
    purposeCodes: ['CRIME_PREVENTION', ...REQUEST_AND_INCIDENT],
    acquisitionMethods: [A.CCTV],
    acquisitionSource: t(
      '防犯カメラによる撮影（撮影中の掲示あり）',
      'Captured by cameras (signs show recording is in progress)',
    ),
    legalBasis: t('防犯目的であることを掲示により明示', 'Crime-prevention purpose shown on signs'),
    consentRequired: false,
    disclosureTarget: true,
    systemCodes: ['CCTV_RECORDER'],
    approximateRecords: 10000,
    // Thirty days, overwritten automatically: the usual span within which an incident is noticed;
    // footage of an incident is kept separately as evidence.
    retentionPeriod: 'P30D',
    retentionTrigger: R.COLLECTION,
    disposalMethod: t('録画装置による自動上書き', 'Overwritten automatically by the recorder'),
    entrustedTo: [],
    providedTo: [],
    handlingRoles: [Role.FACILITIES, Role.CPO],
    sensitivity: Level.MEDIUM,
    accidentSeverity: Level.MEDIUM,
    riskAssessment: risks(Level.MEDIUM),
    remarks: null,
    reviewInterval: 'P1Y',
  },
];

const ALL = 'ALL' as const;
const CONTACT = ['phone', 'email'];

/**
 * What each purpose needs of a category's items (APPI art. 18, policy §1 "not beyond the range
 * necessary"): a read returns only these. A category collected for one purpose of its own needs
 * all of it for that purpose; the employees' purposes split the personnel file; the person's own
 * requests (§5) and incident response (intro 3) reach every item; a purpose not listed needs none.
 */
const PURPOSE_NEEDS: Record<string, Record<string, readonly string[] | typeof ALL>> = {
  WEB_NEWSLETTER: {
    NEWSLETTER_SUBSCRIPTION: ALL,
    NEWSLETTER_DISTRIBUTION: ['email', 'name'],
  },
  WEB_INQUIRY: { INQUIRY_RESPONSE: ALL },
  WEB_ESTIMATE: { ESTIMATE_RESPONSE: ALL },
  WEB_AFTER_SALES: { AFTER_SALES_RESPONSE: ALL },
  SEMINAR: {
    SEMINAR_QUESTIONNAIRE: ALL,
    PRODUCT_INTRODUCTION: ['name', 'company', 'department', 'position', ...CONTACT],
  },
  PARTNER_CONTACT: {
    BUSINESS_COMMUNICATION: ALL,
    AFTER_SALES_CARE: ALL,
    SEMINAR_INFORMATION: ['name', 'company', 'department', 'position', 'email', 'address'],
    NEWSLETTER_DISTRIBUTION: ['name', 'company', 'email'],
  },
  EMPLOYEE: {
    // Health, pension and employment insurance, tax, workers' compensation (My Number Act art. 9).
    STATUTORY_PROCEDURES: [
      'name',
      'address',
      'dateOfBirth',
      'gender',
      'employeeNumber',
      'myNumber',
      'healthInsuranceNumber',
      'pensionNumber',
      'employmentInsuranceNumber',
      'family',
    ],
    // Health checks and their follow-up (Industrial Safety and Health Act art. 66).
    INDUSTRIAL_SAFETY: [
      'name',
      'dateOfBirth',
      'gender',
      'employeeNumber',
      'department',
      'position',
      ...CONTACT,
      'healthCheckResults',
    ],
    PERSONNEL_ADMIN: [
      'name',
      'address',
      'dateOfBirth',
      'gender',
      ...CONTACT,
      'department',
      'position',
      'employeeNumber',
      'family',
      'bankAccount',
      'faceImage',
      'qualifications',
    ],
    FAMILY_BENEFITS: ['name', 'employeeNumber', 'address', 'family', 'bankAccount'],
    BUSINESS_CONTROL: [
      'name',
      'employeeNumber',
      'department',
      'position',
      ...CONTACT,
      'qualifications',
    ],
    SECURITY_MANAGEMENT: ['name', 'employeeNumber', 'department', 'position', 'email', 'faceImage'],
    // Policy §3.1: "name, department, position, contact, face image, qualification".
    ENTRANCE_APPROVAL: [
      'name',
      'department',
      'position',
      ...CONTACT,
      'faceImage',
      'qualifications',
    ],
  },
  APPLICANT: { RECRUITMENT: ALL },
  CALL_RECORDING: {
    CONTRACTED_CALL_CENTER: ALL,
    QUALITY_IMPROVEMENT: ['voiceRecording', 'callTime', 'responseNotes'],
    RESPONSE_HISTORY: ['callerNumber', 'callTime', 'callerName', 'responseNotes'],
  },
  ENTRUSTED_SYSDEV: { ENTRUSTED_SYSDEV: ALL },
  ENTRUSTED_DATA_ENTRY: { ENTRUSTED_DATA_ENTRY: ALL },
  CCTV: { CRIME_PREVENTION: ALL },
  COMPLAINANT: { COMPLAINT_HANDLING: ALL },
};

function purposeItemsOf(category: Omit<SeedCategory, 'purposeItems'>): PurposeItems[] {
  const every = category.items.map((i) => i.key);
  const own = PURPOSE_NEEDS[category.code] ?? {};
  return category.purposeCodes.map((purposeCode) => {
    const needed = REQUEST_AND_INCIDENT.includes(purposeCode) ? ALL : own[purposeCode];
    const keys = needed === ALL ? every : [...(needed ?? [])];
    return { purposeCode, itemKeys: every.filter((k) => keys.includes(k)) };
  });
}

/** The company's own catalog (the categories the privacy policy's §2 lists), loaded at first start. */
export const COMPANY_CATEGORIES: SeedCategory[] = CATEGORIES.map((c) => ({
  ...c,
  purposeItems: purposeItemsOf(c),
}));
