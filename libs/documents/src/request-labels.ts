import type { LocalizedText } from './lang';

const l = (ja: string, en: string): LocalizedText => ({ ja, en });

/** The labels of requests from the person (APPI arts. 32–39): part of the one LABELS table. */
export const REQUEST_LABELS = {
  requestKind: {
    PURPOSE_NOTICE: l(
      '利用目的の通知（法32条2項）',
      'Notification of the purpose of use (art. 32(2))',
    ),
    DISCLOSURE: l('開示（法33条1項）', 'Disclosure (art. 33(1))'),
    PROVISION_RECORDS: l(
      '第三者提供記録の開示（法33条5項）',
      'Disclosure of the records of provision to third parties (art. 33(5))',
    ),
    CORRECTION: l(
      '訂正等（内容の訂正、追加又は削除）（法34条1項）',
      'Correction, addition or deletion of contents (art. 34(1))',
    ),
    SUSPENSION_OR_ERASURE: l(
      '利用停止等（利用の停止又は消去）（法35条1項・5項）',
      'Suspension of use or erasure (art. 35(1), (5))',
    ),
    STOP_PROVISION: l(
      '第三者提供の停止（法35条3項・5項）',
      'Suspension of provision to third parties (art. 35(3), (5))',
    ),
  },
  requestChannel: {
    MAIL: l('郵送', 'Post'),
    IN_PERSON: l('窓口への持参', 'In person'),
    EMAIL: l('電子メール', 'E-mail'),
  },
  /** APPI art. 33(1): the method of disclosure the person asks for. */
  disclosureMethod: {
    WRITTEN: l('書面の交付', 'A written document'),
    ELECTRONIC: l('電磁的記録の提供', 'Electronic records'),
  },
  /** APPI art. 37(3), Enforcement Order art. 11: who may act for the person. */
  agentKind: {
    MINOR_STATUTORY: l(
      '未成年者の法定代理人（親権者等）',
      'Statutory agent of a minor (a person with parental authority)',
    ),
    ADULT_WARD_GUARDIAN: l(
      '成年被後見人の法定代理人（成年後見人）',
      'Statutory agent of an adult ward (guardian)',
    ),
    ATTORNEY: l('本人が委任した代理人（任意代理人）', 'Agent appointed by the person (attorney)'),
  },
  requestStatus: {
    RECEIVED: l('受付済み', 'Received'),
    INCOMPLETE: l('書類等の不備・不足により保留中', 'Waiting for missing documents or fee'),
    IN_PROGRESS: l('対応中', 'In progress'),
    DECIDED: l('決定済み', 'Decided'),
    RESPONDED: l('回答済み', 'Answered'),
    CLOSED: l('完了', 'Closed'),
  },
  identityCheckSubject: {
    REQUESTER: l('本人', 'The person'),
    AGENT: l('代理人', 'The agent'),
  },
  /** The identity documents the policy accepts (a copy, the registered domicile blacked out). */
  identityDocumentType: {
    DRIVERS_LICENSE: l('運転免許証', "Driver's licence"),
    PASSPORT: l('旅券（パスポート）', 'Passport'),
    BASIC_RESIDENT_CARD: l(
      '個人番号カード（表面のみ）又は住民基本台帳カード',
      'My Number card (front side only) or Basic Resident Registration card',
    ),
    HEALTH_INSURANCE_CARD: l('健康保険証（被保険者証）', 'Health insurance card'),
    OTHER_OFFICIAL: l(
      'その他官公署が発行した本人確認書類',
      'Another identity document issued by a public authority',
    ),
  },
  /** The documents that prove an agent's authority (policy "Procedures" §3). */
  authorityDocumentType: {
    POWER_OF_ATTORNEY: l('本人の委任状（原本）', 'Power of attorney from the person (original)'),
    FAMILY_REGISTER: l('戸籍謄本', 'Certified copy of the family register (koseki tohon)'),
    RESIDENT_REGISTER_WITH_RELATIONSHIP: l(
      '住民票の写し（続柄の記載のあるもの）',
      'Certified copy of the resident register showing the family relationship',
    ),
    GUARDIANSHIP_CERTIFICATE: l(
      '後見登記等に関する登記事項証明書',
      'Certificate of registered matters of the guardianship registry',
    ),
    OTHER_OFFICIAL_AUTHORITY: l(
      '法定代理権を確認できるその他の公的書類',
      'Another official document that confirms the statutory agency',
    ),
  },
  identityCheckResult: {
    CONFIRMED: l('確認済み', 'Confirmed'),
    NOT_CONFIRMED: l('確認できず', 'Not confirmed'),
  },
  /** APPI art. 38: the fee, paid by postal money order as the policy asks. */
  feePaymentMethod: {
    POSTAL_MONEY_ORDER: l('定額小為替', 'Postal money order (teigaku kogawase)'),
  },
  requestOutcome: {
    COMPLY: l('請求に応じる', 'Complied with'),
    PARTIAL: l('請求の一部に応じる', 'Complied with in part'),
    REFUSE: l('請求に応じない', 'Refused'),
  },
  /** Why a request is not (fully) met; art. 36 asks the company to give the reasons. */
  refusalGround: {
    IDENTITY_NOT_CONFIRMED: l(
      '本人であることが確認できないため（法37条）',
      'The identity of the person could not be confirmed (art. 37)',
    ),
    AGENCY_NOT_CONFIRMED: l(
      '代理人の本人確認又は代理権の確認ができないため（法37条3項）',
      "The agent's identity or authority could not be confirmed (art. 37(3))",
    ),
    DEFECTIVE_DOCUMENTS: l(
      '所定の請求書類に不備があるため（法37条1項）',
      'The prescribed request documents are defective (art. 37(1))',
    ),
    NOT_DISCLOSURE_TARGET: l(
      '請求の対象が当社の保有個人データに該当しないため（法16条4項）',
      'What was asked for is not retained personal data of ours (art. 16(4))',
    ),
    HARM_TO_PERSON_OR_THIRD_PARTY: l(
      '本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがあるため（法33条2項1号）',
      'Disclosure is likely to harm the life, body, property or other rights or interests of the person or a third party (art. 33(2)(i))',
    ),
    SERIOUS_BUSINESS_IMPEDIMENT: l(
      '当社の業務の適正な実施に著しい支障を及ぼすおそれがあるため（法33条2項2号）',
      'Disclosure is likely to seriously impede the proper conduct of our business (art. 33(2)(ii))',
    ),
    VIOLATES_LAWS: l(
      '開示することが他の法令に違反することとなるため（法33条2項3号）',
      'Disclosure would violate other laws and regulations (art. 33(2)(iii))',
    ),
  },
  /**
   * Data whose mere existence must not be revealed is not retained personal data (APPI art.
   * 16(4); Enforcement Order art. 5, items 1–4; the policy's a)–d)).
   */
  disclosureExemption: {
    THREAT_TO_LIFE_BODY_PROPERTY: l(
      '存否が明らかになることにより、本人又は第三者の生命、身体又は財産に危害が及ぶおそれがあるもの（施行令5条1号）',
      'Revealing whether it exists could endanger the life, body or property of the person or a third party (Enforcement Order art. 5(i))',
    ),
    ENCOURAGE_ILLEGAL_ACTS: l(
      '存否が明らかになることにより、違法又は不当な行為を助長し、又は誘発するおそれがあるもの（施行令5条2号）',
      'Revealing whether it exists could encourage or induce illegal or unjust acts (Enforcement Order art. 5(ii))',
    ),
    NATIONAL_SECURITY: l(
      '存否が明らかになることにより、国の安全が害されるおそれ、他国若しくは国際機関との信頼関係が損なわれるおそれ又は交渉上不利益を被るおそれがあるもの（施行令5条3号）',
      'Revealing whether it exists could harm national security, trust with other countries or international organisations, or negotiations with them (Enforcement Order art. 5(iii))',
    ),
    CRIME_PREVENTION: l(
      '存否が明らかになることにより、犯罪の予防、鎮圧又は捜査その他の公共の安全と秩序の維持に支障が及ぶおそれがあるもの（施行令5条4号）',
      'Revealing whether it exists could impede the prevention, suppression or investigation of crime or the maintenance of public safety and order (Enforcement Order art. 5(iv))',
    ),
  },
  /** How the answer goes out (policy "Procedures" §5: a sealed letter as a rule). */
  responseMethod: {
    SEALED_LETTER: l('書面（封書による郵送）', 'A sealed letter by post'),
    ELECTRONIC: l('電磁的記録の提供', 'Electronic records'),
  },
} as const satisfies Record<string, Record<string, LocalizedText>>;
