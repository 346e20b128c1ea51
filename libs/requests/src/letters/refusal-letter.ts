import { labelOf, yenText, type PdfBlock, type PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { isFeeCharged, RequestOutcome } from '../request-enums';
import { decisionFields, reasonBlocks } from './decision-reasons';
import type { LetterData } from './letter-data';
import { feeField, fill, letter, officeLines, requestFacts, t } from './letter-frame';

const TEXT = {
  title: t('不開示等決定通知書', 'Notice of our decision not to comply'),
  lead: t(
    'ご請求（{kind}）について検討した結果、次のとおり決定しましたので通知します。',
    'We have considered your request ({kind}) and decided as follows.',
  ),
  record: t('記', 'Details'),
  fee: t(
    '手数料（{amount}）は、当社の「開示対象個人情報の請求手続」のとおり、ご請求に応じられない場合もお返ししません（法38条）。',
    'As our procedures for requests state, the fee ({amount}) is not refunded when we cannot meet a request (art. 38).',
  ),
  complain: t('この決定に関する苦情・お問い合わせ', 'Complaints and questions about this decision'),
  complainHow: t(
    'この決定に関する苦情やお問い合わせは、請求番号（{number}）を添えて、下記の窓口へ郵送又は電子メールでお寄せください。',
    'Please send any complaint or question about this decision, quoting the request number ({number}), to the office below by post or e-mail.',
  ),
};

/**
 * 不開示等決定通知書: the person is told without delay that the company will not (fully) do what
 * was asked (arts. 32(3), 33(3), 34(3), 35(7)), with every ground and exemption (art. 36), what
 * happens to the fee, and where to complain (art. 40).
 */
export function refusalLetter(data: LetterData, lang: Lang): PdfDocument {
  const { decision } = data;
  if (!decision || decision.outcome === RequestOutcome.COMPLY) {
    throw new Error(`request ${data.number}: a refusal needs a decision not to comply in full`);
  }
  const feeKept = isFeeCharged(data.kind) && data.fee.required;
  const body: PdfBlock[] = [
    {
      kind: 'paragraph',
      text: fill(TEXT.lead[lang], { kind: labelOf('requestKind', data.kind, lang) }),
    },
    { kind: 'heading', text: TEXT.record[lang] },
    requestFacts(data, lang, [
      ...decisionFields(decision, lang),
      ...(isFeeCharged(data.kind) ? [feeField(data, lang)] : []),
    ]),
    ...reasonBlocks(decision, lang),
  ];
  if (feeKept) {
    body.push({
      kind: 'paragraph',
      text: fill(TEXT.fee[lang], { amount: yenText(data.fee.amount, lang) }),
    });
  }
  body.push(
    { kind: 'heading', text: TEXT.complain[lang] },
    { kind: 'paragraph', text: fill(TEXT.complainHow[lang], { number: data.number }) },
    { kind: 'lines', lines: officeLines(data.office, lang) },
  );
  return letter(TEXT.title, data, lang, body);
}
