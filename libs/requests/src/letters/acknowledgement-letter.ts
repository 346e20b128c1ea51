import { labelOf, type PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { LetterData } from './letter-data';
import { feeField, fill, letter, requestFacts, t } from './letter-frame';

const TEXT = {
  title: t('受付のお知らせ', 'Acknowledgement of your request'),
  lead: t(
    '当社が保有するあなたの個人データについて、{kind}の請求をいただきました。下記のとおり受け付けましたので、お知らせします。',
    'We have received your request about the personal data we hold about you: {kind}. This letter confirms its receipt.',
  ),
  next: t(
    'ご本人であること（代理人による請求では代理人ご本人であること及び代理権。法37条）を確認した上で、遅滞なく対応し、結果を原則として封書で郵送します。書類等に不備・不足がある場合は、別途お知らせします。',
    "We will confirm your identity (for a request by an agent, the agent's identity and authority; art. 37), then act without delay and send the result, as a rule, by sealed letter. If a document or the fee is missing, we will write to you separately.",
  ),
  record: t('記', 'Details'),
};

/** 受付のお知らせ: the request arrived, its number, its dates and the fee so far. */
export function acknowledgementLetter(data: LetterData, lang: Lang): PdfDocument {
  const kind = labelOf('requestKind', data.kind, lang);
  return letter(TEXT.title, data, lang, [
    { kind: 'paragraph', text: fill(TEXT.lead[lang], { kind }) },
    { kind: 'heading', text: TEXT.record[lang] },
    requestFacts(data, lang, [feeField(data, lang)]),
    { kind: 'paragraph', text: TEXT.next[lang] },
  ]);
}
