import type { LocalizedText, PdfBlock, PdfDocument, PdfField } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { isFeeCharged, RequestKind, RequestOutcome } from '../request-enums';
import { decisionFields, reasonBlocks } from './decision-reasons';
import { disclosureAppendix, disclosureBlocks } from './disclosure-content';
import type { LetterData, ResponseContent } from './letter-data';
import { feeField, letter, requestFacts, t } from './letter-frame';
import { responseBlocks } from './response-content';

const TITLE = t('回答書', 'Our answer to your request');

/** The opening sentence per kind, citing the article the answer fulfils. */
const LEAD: Record<RequestKind, LocalizedText> = {
  [RequestKind.PURPOSE_NOTICE]: t(
    'ご請求について、当社が保有するあなたの保有個人データの利用目的を次のとおり通知します（法32条2項）。',
    'As you asked, these are the purposes for which we use the retained personal data we hold about you (art. 32(2)).',
  ),
  [RequestKind.DISCLOSURE]: t(
    'ご請求について、当社が保有するあなたの保有個人データを次のとおり開示します（法33条1項）。',
    'As you asked, we disclose below the retained personal data we hold about you (art. 33(1)).',
  ),
  [RequestKind.PROVISION_RECORDS]: t(
    'ご請求について、あなたの個人データの第三者提供記録を次のとおり開示します（法33条5項）。',
    'As you asked, we disclose below the records of provision of your personal data to and from third parties (art. 33(5)).',
  ),
  [RequestKind.CORRECTION]: t(
    'ご請求について必要な調査を行い、次のとおり訂正等を行いましたので通知します（法34条2項・3項）。',
    'We looked into your request and made the corrections below (art. 34(2), (3)).',
  ),
  [RequestKind.SUSPENSION_OR_ERASURE]: t(
    'ご請求について、次のとおり措置を講じましたので通知します（法35条2項・7項）。',
    'As you asked, we have taken the measure below (art. 35(2), (7)).',
  ),
  [RequestKind.STOP_PROVISION]: t(
    'ご請求について、次のとおり措置を講じましたので通知します（法35条4項・7項）。',
    'As you asked, we have taken the measure below (art. 35(4), (7)).',
  ),
};

const TEXT = {
  record: t('記', 'Details'),
  answer: t('回答', 'Our answer'),
  partial: t(
    'ご請求のうち一部には応じられません。その理由は次のとおりです。',
    'We cannot meet part of your request, for the reasons below.',
  ),
};

function contentOf(data: LetterData): ResponseContent {
  const { response } = data;
  if (!response || response.kind !== data.kind) {
    throw new Error(`request ${data.number}: an answer needs the ${data.kind} response content`);
  }
  return response;
}

/**
 * 回答書: what the person asked for, per kind (disclosure with every record, the accesses and
 * their proofs), the reasons for any part not met (art. 36), and the fee.
 */
export function responseLetter(data: LetterData, lang: Lang): PdfDocument {
  const content = contentOf(data);
  const { decision } = data;
  const extra: PdfField[] = [
    ...(decision ? decisionFields(decision, lang) : []),
    ...(isFeeCharged(data.kind) ? [feeField(data, lang)] : []),
  ];
  const body: PdfBlock[] = [
    { kind: 'paragraph', text: LEAD[data.kind][lang] },
    { kind: 'heading', text: TEXT.record[lang] },
    requestFacts(data, lang, extra),
    ...(content.kind === RequestKind.DISCLOSURE
      ? disclosureBlocks(content, lang)
      : [{ kind: 'heading', text: TEXT.answer[lang] } as const, ...responseBlocks(content, lang)]),
  ];
  if (decision?.outcome === RequestOutcome.PARTIAL) {
    body.push({ kind: 'paragraph', text: TEXT.partial[lang] }, ...reasonBlocks(decision, lang));
  }
  const appendix = content.kind === RequestKind.DISCLOSURE ? disclosureAppendix(content, lang) : [];
  return letter(TITLE, data, lang, body, appendix);
}
