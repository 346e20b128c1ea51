import {
  dateText,
  dateTimeText,
  LABELS,
  labelOf,
  yenText,
  type LocalizedText,
  type PdfBlock,
  type PdfDocument,
  type PdfField,
} from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import {
  isFeeCharged,
  type AgentKind,
  type AuthorityDocumentType,
  type DisclosureExemption,
  type DisclosureMethod,
  type FeePaymentMethod,
  type IdentityCheckResult,
  type IdentityCheckSubject,
  type IdentityDocumentType,
  type RefusalGround,
  type RequestChannel,
  type RequestKind,
  type RequestOutcome,
  type RequestStatus,
  type ResponseMethod,
} from '../request-enums';
import type { LetterData, RequestOffice } from './letter-data';

// Letters never print a code: every request enum has its ja/en labels (the compiler checks).
LABELS.requestKind satisfies Record<RequestKind, LocalizedText>;
LABELS.requestChannel satisfies Record<RequestChannel, LocalizedText>;
LABELS.disclosureMethod satisfies Record<DisclosureMethod, LocalizedText>;
LABELS.agentKind satisfies Record<AgentKind, LocalizedText>;
LABELS.requestStatus satisfies Record<RequestStatus, LocalizedText>;
LABELS.identityCheckSubject satisfies Record<IdentityCheckSubject, LocalizedText>;
LABELS.identityDocumentType satisfies Record<IdentityDocumentType, LocalizedText>;
LABELS.authorityDocumentType satisfies Record<AuthorityDocumentType, LocalizedText>;
LABELS.identityCheckResult satisfies Record<IdentityCheckResult, LocalizedText>;
LABELS.feePaymentMethod satisfies Record<FeePaymentMethod, LocalizedText>;
LABELS.requestOutcome satisfies Record<RequestOutcome, LocalizedText>;
LABELS.refusalGround satisfies Record<RefusalGround, LocalizedText>;
LABELS.disclosureExemption satisfies Record<DisclosureExemption, LocalizedText>;
LABELS.responseMethod satisfies Record<ResponseMethod, LocalizedText>;

export const t = (ja: string, en: string): LocalizedText => ({ ja, en });

/** A remark in brackets, as each language sets it: 山田 太郎（任意代理人） / Taro Yamada (attorney). */
export const aside = (text: string, remark: string, lang: Lang): string =>
  lang === 'ja' ? `${text}（${remark}）` : `${text} (${remark})`;

/** Fills {name} slots of a text. */
export const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);

const FIELD = {
  number: t('請求番号', 'Request number'),
  kind: t('請求の種類', 'Kind of request'),
  receivedAt: t('受付日時', 'Received'),
  handlingStartsOn: t('対応開始日', 'Handling starts on'),
  dueOn: t('回答予定日（社内目標）', 'Our target date'),
  art39On: t('法39条1項の2週間の満了日', 'End of the two weeks of art. 39(1)'),
  madeOn: t('本書の作成日', 'Date of this letter'),
  agent: t('代理人', 'Agent'),
  method: t('開示の方法', 'Method of disclosure'),
  fee: t('手数料', 'Fee'),
};

const TEXT = {
  honorific: t('{name} 様', '{name}'),
  agentLine: t('（代理人：{name} 様）', '(Agent: {name})'),
  startsNote: t(
    '営業日の18時以降、土日祝日及び年末年始に届いた請求は、翌営業日から対応を開始します。',
    'A request that arrives after 18:00 on a business day, or on a weekend, a holiday or during the year-end holidays, is handled from the next business day.',
  ),
  art39: t(
    '法39条1項により、開示、訂正等、利用停止等又は第三者提供の停止の請求に係る訴えは、請求が当社に到達した日から2週間を経過した後でなければ提起できません（当社が請求を拒んだときを除きます）。本件の2週間は{date}に満了します。回答予定日は当社の社内目標であり、法律上の期限ではありません。',
    'Under APPI art. 39(1), a claim in court about a request for disclosure, correction, suspension of use or suspension of provision may be brought only after two weeks from the day the request reached us (unless we refused it). For this request those two weeks end on {date}. Our target date is an internal target, not a legal deadline.',
  ),
  feeNone: t(
    'なし（この種類の請求には手数料はかかりません）',
    'None (this kind of request is free of charge)',
  ),
  feeWaived: t('なし', 'None'),
  feePaid: t('{amount}（定額小為替にて受領済み）', '{amount} (received by postal money order)'),
  feeShort: t(
    '{amount}（受領済み {paid}、不足 {short}）',
    '{amount} ({paid} received, {short} short)',
  ),
  contact: t(
    'お問い合わせの際は、請求番号（{number}）をお知らせください。',
    'Please quote the request number ({number}) in any correspondence.',
  ),
};

/** The fee as a letter states it: none, paid, or how much is still missing (art. 38). */
export function feeText(data: LetterData, lang: Lang): string {
  const { required, amount, paid } = data.fee;
  if (!isFeeCharged(data.kind)) return TEXT.feeNone[lang];
  if (!required) return TEXT.feeWaived[lang];
  const yen = (n: number) => yenText(n, lang);
  if (paid >= amount) return fill(TEXT.feePaid[lang], { amount: yen(amount) });
  return fill(TEXT.feeShort[lang], {
    amount: yen(amount),
    paid: yen(paid),
    short: yen(amount - paid),
  });
}

/** The facts every letter about a request shows, in this order. */
export function requestFacts(data: LetterData, lang: Lang, extra: PdfField[] = []): PdfBlock {
  const rows: PdfField[] = [
    { label: FIELD.number[lang], value: data.number },
    { label: FIELD.kind[lang], value: labelOf('requestKind', data.kind, lang) },
    { label: FIELD.receivedAt[lang], value: dateTimeText(data.receivedAt, lang) },
    {
      label: FIELD.handlingStartsOn[lang],
      value: `${dateText(data.handlingStartsOn, lang)}\n${TEXT.startsNote[lang]}`,
    },
    { label: FIELD.dueOn[lang], value: dateText(data.dueOn, lang) },
    { label: FIELD.art39On[lang], value: dateText(data.art39On, lang) },
    { label: FIELD.madeOn[lang], value: dateText(data.madeOn, lang) },
  ];
  if (data.agent) {
    rows.push({
      label: FIELD.agent[lang],
      value: aside(data.agent.name, labelOf('agentKind', data.agent.kind, lang), lang),
    });
  }
  if (data.disclosureMethod) {
    rows.push({
      label: FIELD.method[lang],
      value: labelOf('disclosureMethod', data.disclosureMethod, lang),
    });
  }
  return { kind: 'fields', rows: [...rows, ...extra] };
}

export const feeField = (data: LetterData, lang: Lang): PdfField => ({
  label: FIELD.fee[lang],
  value: feeText(data, lang),
});

/** The office as a sender's block: name, address, e-mail. */
export const officeLines = (office: RequestOffice, lang: Lang): string[] => [
  office.name[lang],
  office.address[lang],
  `E-mail: ${office.email}`,
];

/** The art. 39(1) paragraph: when the person may go to court, and what our target date is. */
export const art39Note = (data: LetterData, lang: Lang): PdfBlock => ({
  kind: 'paragraph',
  small: true,
  text: fill(TEXT.art39[lang], { date: dateText(data.art39On, lang) }),
});

/**
 * A letter about a request: dated and numbered, addressed to the person (and their agent), the
 * office as sender, the body, the art. 39 note, any appendix, and last the ledger checkpoint it
 * was built on.
 */
export function letter(
  title: LocalizedText,
  data: LetterData,
  lang: Lang,
  body: PdfBlock[],
  appendix: PdfBlock[] = [],
): PdfDocument {
  const name = (n: string) => fill(TEXT.honorific[lang], { name: n });
  const to = [
    ...(data.addressee.address ? [data.addressee.address] : []),
    name(data.addressee.name),
  ];
  if (data.agent) to.push(fill(TEXT.agentLine[lang], { name: data.agent.name }));
  return {
    title: title[lang],
    lang,
    footer: `${data.number}  ${title[lang]}`,
    createdAt: data.checkpoint.signedAt,
    blocks: [
      { kind: 'lines', align: 'right', lines: [data.number, dateText(data.madeOn, lang)] },
      { kind: 'addresses', to, from: officeLines(data.office, lang) },
      ...body,
      art39Note(data, lang),
      { kind: 'paragraph', text: fill(TEXT.contact[lang], { number: data.number }) },
      ...appendix,
      { kind: 'checkpoint', stamp: data.checkpoint },
    ],
  };
}
