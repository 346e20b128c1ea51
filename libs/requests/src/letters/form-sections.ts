import { labelOf, yenText, type PdfBlock } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { AgentKind, AUTHORITY_DOCUMENTS, IdentityDocumentType } from '../request-enums';
import type { RequestOffice } from './letter-data';
import { fill, officeLines, t } from './letter-frame';

const TEXT = {
  person: t('1. 請求者（ご本人）', '1. The person making the request'),
  personFields: [
    t('氏名（フリガナ）', 'Name (in katakana, if any)'),
    t('氏名', 'Name'),
    t('生年月日', 'Date of birth'),
    t('住所（〒）', 'Address (postcode)'),
    t('電話番号', 'Telephone'),
    t('電子メール', 'E-mail'),
    t(
      '当社とのご関係（お取引、応募、お問い合わせ等）と時期',
      'Your dealings with us (purchase, application, inquiry…) and when',
    ),
  ],
  agent: t('2. 代理人による請求の場合', '2. If an agent makes the request'),
  agentKind: t('代理人の種類（いずれかに✓）', 'Kind of agent (tick one)'),
  agentFields: [
    t('代理人の氏名', "Agent's name"),
    t('代理人の住所（〒）', "Agent's address (postcode)"),
    t('代理人の電話番号', "Agent's telephone"),
  ],
  enclose: t('4. 同封していただく書類', '4. Documents to enclose'),
  identity: t(
    '本人確認書類：次のいずれか1点の写し（現住所の記載があるもの。本籍地の記載は黒塗りしてください）',
    'Identity: a copy of one of the following, showing the current address, with the registered domicile (honseki) blacked out',
  ),
  authority: t(
    '代理人による請求では、代理人の本人確認書類（上記のいずれか1点の写し）と、代理権を確認する次の書類',
    "For a request by an agent: a copy of one of the identity documents above for the agent, and a document proving the agent's authority:",
  ),
  fee: t('5. 手数料', '5. Fee'),
  feeHow: t(
    '1回の請求につき{fee}（返信用の郵送料を含みます）。同額の定額小為替を、受取人欄を空欄のまま同封してください（法38条）。ご請求に応じられない場合も、手数料はお返ししません。',
    'One request costs {fee}, postage of our answer included. Please enclose a postal money order (teigaku kogawase) for that sum with the payee left blank (art. 38). The fee is not refunded if we cannot meet the request.',
  ),
  noFee: t('この請求には手数料はかかりません。', 'There is no fee for this request.'),
  sendTo: t('6. 送付先（郵送でお送りください）', '6. Where to post this form'),
  handling: t(
    'ご記入いただいた個人情報は、このご請求への対応に必要な範囲でのみ取り扱います。',
    'We use what you write here only as far as answering this request needs.',
  ),
  signature: t('ご本人又は代理人の署名（自署）', 'Signature of the person or the agent'),
  office: t('当社記入欄', 'For our use'),
  officeFields: [
    t('受付日', 'Received on'),
    t('請求番号', 'Request number'),
    t('本人確認', 'Identity checked'),
  ],
};

const blanks = (labels: { ja: string; en: string }[], lang: Lang): PdfBlock => ({
  kind: 'fields',
  rows: labels.map((label) => ({ label: label[lang], value: '' })),
});

/** Who asks: the person, and an agent of one of the kinds art. 37(3) allows. */
export const requesterSections = (lang: Lang): PdfBlock[] => [
  { kind: 'heading', text: TEXT.person[lang] },
  blanks(TEXT.personFields, lang),
  { kind: 'heading', text: TEXT.agent[lang] },
  { kind: 'paragraph', text: TEXT.agentKind[lang] },
  {
    kind: 'checkboxes',
    options: Object.values(AgentKind).map((k) => labelOf('agentKind', k, lang)),
  },
  blanks(TEXT.agentFields, lang),
];

/** The enclosures (policy "Procedures" §2(2), §3), the fee (§4) and where to post it (§1). */
export function enclosureSections(
  office: RequestOffice,
  lang: Lang,
  feeCharged: boolean,
): PdfBlock[] {
  // One group per kind of agent, under the kind's name, as the policy lists them (§3(1)).
  const authority = Object.values(AgentKind).flatMap((kind): PdfBlock[] => [
    { kind: 'paragraph', text: `■ ${labelOf('agentKind', kind, lang)}` },
    {
      kind: 'checkboxes',
      options: AUTHORITY_DOCUMENTS[kind].map((d) => labelOf('authorityDocumentType', d, lang)),
    },
  ]);
  return [
    { kind: 'heading', text: TEXT.enclose[lang] },
    { kind: 'paragraph', text: TEXT.identity[lang] },
    {
      kind: 'checkboxes',
      options: Object.values(IdentityDocumentType).map((d) =>
        labelOf('identityDocumentType', d, lang),
      ),
    },
    { kind: 'paragraph', text: TEXT.authority[lang] },
    ...authority,
    { kind: 'heading', text: TEXT.fee[lang] },
    {
      kind: 'paragraph',
      text: feeCharged
        ? fill(TEXT.feeHow[lang], { fee: yenText(office.feeYen, lang) })
        : TEXT.noFee[lang],
    },
    { kind: 'heading', text: TEXT.sendTo[lang] },
    { kind: 'lines', lines: officeLines(office, lang) },
    { kind: 'paragraph', text: TEXT.handling[lang], small: true },
    blanks([TEXT.signature], lang),
    { kind: 'heading', text: TEXT.office[lang], level: 2 },
    blanks(TEXT.officeFields, lang),
  ];
}
