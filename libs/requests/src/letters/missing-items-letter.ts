import { labelOf, yenText, type PdfBlock, type PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import {
  AgentKind,
  AUTHORITY_DOCUMENTS,
  IdentityDocumentType,
  type AuthorityDocumentType,
} from '../request-enums';
import type { LetterData } from './letter-data';
import { feeField, fill, letter, officeLines, requestFacts, t } from './letter-frame';

const TEXT = {
  title: t('不備・不足書類等のお願い', 'Missing documents or fee'),
  lead: t(
    'ご請求（{kind}）について、次の書類等が不足しているため、対応を進めることができません。お手数ですが、下記をご送付ください。',
    'We cannot go on with your request ({kind}) because the items below are missing. Please send them to us.',
  ),
  identity: t('本人確認書類', 'Identity document'),
  identityHow: t(
    '次のいずれか1点の写しをお送りください。現住所の記載があるものに限ります。本籍地の記載は黒塗りしてください。',
    'Please send a copy of one of the following, showing your current address, with the registered domicile (honseki) blacked out.',
  ),
  identityAccepted: t(
    '本人確認書類として、次のいずれかの写しを受け付けます。現住所の記載があるものに限り、本籍地の記載は黒塗りしてください。',
    'We accept a copy of one of the following as an identity document, showing the current address, with the registered domicile (honseki) blacked out.',
  ),
  agency: t('代理権を確認する書類', "Documents proving the agent's authority"),
  agencyHow: t(
    '代理人による請求では、代理権を確認する次のいずれかの書類と、代理人ご本人の本人確認書類（上記の書類のいずれか1点の写し）をお送りください。',
    'For a request by an agent, please send one of the following documents proving the authority, and a copy of one of the identity documents above for the agent.',
  ),
  fee: t('手数料', 'Fee'),
  feeHow: t(
    '不足額 {short} 分の定額小為替をお送りください（受取人欄は空欄のままでお送りください）。手数料には返信用の郵送料を含みます（法38条）。',
    'Please send a postal money order (teigaku kogawase) for the {short} still missing, leaving the payee blank. The fee includes the postage of our answer (art. 38).',
  ),
  sendTo: t('送付先', 'Where to send them'),
  sendHow: t(
    '下記の窓口へ郵送してください。封筒と同封の書類に請求番号（{number}）をご記入ください。',
    'Please post them to the office below, with the request number ({number}) on the envelope and the documents.',
  ),
  clock: t(
    '書類等が届くまでの間、回答予定日（社内目標）までの期間の進行を止め、届いた日から再開します。回答予定日は改めてお知らせします。書類等が届かない場合、ご請求に応じられないことがあります。なお、法39条1項の2週間は、請求が当社に到達した日から数えます。',
    'Until the items arrive, the time to our target date stands still; it runs again from the day they arrive, and we will tell you the new target date. If they do not arrive, we may be unable to meet your request. The two weeks of art. 39(1) count from the day your request reached us.',
  ),
};

/** The identity documents the policy accepts, in its order (policy "Procedures" §2(2)). */
const IDENTITY_DOCUMENTS = Object.values(IdentityDocumentType);

/** The authority documents for the agent's kind, or every kind's when it is not known. */
function authorityDocuments(data: LetterData): AuthorityDocumentType[] {
  const kinds = data.agent ? [data.agent.kind] : Object.values(AgentKind);
  return [...new Set(kinds.flatMap((kind) => AUTHORITY_DOCUMENTS[kind]))];
}

/**
 * 不備・不足書類等のお願い: what is missing (identity, an agent's authority, the fee) and that the
 * internal clock waits for it. APPI art. 37 lets the company ask for what it needs to identify the
 * request; art. 38 for the fee.
 */
export function missingItemsLetter(data: LetterData, lang: Lang): PdfDocument {
  const { identity, agency, fee } = data.missing;
  if (!identity && !agency && !fee) {
    throw new Error(`request ${data.number}: a missing-items letter needs something missing`);
  }
  const body: PdfBlock[] = [
    {
      kind: 'paragraph',
      text: fill(TEXT.lead[lang], { kind: labelOf('requestKind', data.kind, lang) }),
    },
    requestFacts(data, lang, [feeField(data, lang)]),
  ];
  if (identity || agency) {
    body.push(
      { kind: 'heading', text: TEXT.identity[lang] },
      { kind: 'paragraph', text: (identity ? TEXT.identityHow : TEXT.identityAccepted)[lang] },
      {
        kind: 'list',
        items: IDENTITY_DOCUMENTS.map((d) => labelOf('identityDocumentType', d, lang)),
      },
    );
  }
  if (agency) {
    body.push(
      { kind: 'heading', text: TEXT.agency[lang] },
      { kind: 'paragraph', text: TEXT.agencyHow[lang] },
      {
        kind: 'list',
        items: authorityDocuments(data).map((d) => labelOf('authorityDocumentType', d, lang)),
      },
    );
  }
  if (fee) {
    const short = yenText(Math.max(0, data.fee.amount - data.fee.paid), lang);
    body.push(
      { kind: 'heading', text: TEXT.fee[lang] },
      { kind: 'paragraph', text: fill(TEXT.feeHow[lang], { short }) },
    );
  }
  body.push(
    { kind: 'heading', text: TEXT.sendTo[lang] },
    { kind: 'paragraph', text: fill(TEXT.sendHow[lang], { number: data.number }) },
    { kind: 'lines', lines: officeLines(data.office, lang) },
    { kind: 'paragraph', text: TEXT.clock[lang] },
  );
  return letter(TEXT.title, data, lang, body);
}
