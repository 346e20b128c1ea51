import { labelOf, type LocalizedText, type PdfBlock, type PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { DisclosureMethod, isFeeCharged, RequestForm, RequestKind } from '../request-enums';
import { enclosureSections, requesterSections } from './form-sections';
import type { RequestOffice } from './letter-data';
import { fill, t } from './letter-frame';

/** What each of the policy's three forms asks for (policy "Procedures" §2(1)). */
export const FORM_KINDS: Record<RequestForm, readonly RequestKind[]> = {
  [RequestForm.PURPOSE_NOTICE]: [RequestKind.PURPOSE_NOTICE],
  [RequestForm.DISCLOSURE]: [RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS],
  [RequestForm.DELETION_SUSPENSION]: [
    RequestKind.CORRECTION,
    RequestKind.SUSPENSION_OR_ERASURE,
    RequestKind.STOP_PROVISION,
  ],
};

const TITLE: Record<RequestForm, LocalizedText> = {
  [RequestForm.PURPOSE_NOTICE]: t(
    '保有個人データの利用目的の通知請求書',
    'Request for the Notification on Purpose of Use for Personal Information on a Disclosure Target',
  ),
  [RequestForm.DISCLOSURE]: t(
    '保有個人データ開示請求書',
    'Request for Disclosure of Personal Information on a Disclosure Target',
  ),
  [RequestForm.DELETION_SUSPENSION]: t(
    '保有個人データ訂正等・利用停止等請求書',
    'Request for Deletion, etc. and Suspension of Use, etc. of Personal Information on a Disclosure Target',
  ),
};

const LEAD: Record<RequestForm, LocalizedText> = {
  [RequestForm.PURPOSE_NOTICE]: t(
    '個人情報の保護に関する法律第32条第2項に基づき、貴社が保有する私の保有個人データの利用目的の通知を請求します。',
    'Under art. 32(2) of the Act on the Protection of Personal Information, I ask you to notify me of the purposes of use of the retained personal data you hold about me.',
  ),
  [RequestForm.DISCLOSURE]: t(
    '個人情報の保護に関する法律第33条第1項（第三者提供記録については同条第5項）に基づき、貴社が保有する私の保有個人データの開示を請求します。',
    'Under art. 33(1) (for the records of provision, art. 33(5)) of the Act on the Protection of Personal Information, I ask you to disclose the retained personal data you hold about me.',
  ),
  [RequestForm.DELETION_SUSPENSION]: t(
    '個人情報の保護に関する法律第34条第1項又は第35条第1項・第3項・第5項に基づき、貴社が保有する私の保有個人データについて、次のとおり請求します。',
    'Under art. 34(1) or art. 35(1), (3) or (5) of the Act on the Protection of Personal Information, I ask the following about the retained personal data you hold about me.',
  ),
};

const TEXT = {
  dated: t('請求日：　　　　年　　月　　日', 'Date:  ____ / ____ / ______'),
  to: t('{office} 御中', 'To: {office}'),
  what: t('3. 請求の内容（該当するものに✓）', '3. What you ask for (tick what applies)'),
  method: t('開示の方法（いずれかに✓）', 'How we should disclose (tick one)'),
  target: t(
    '対象となる個人情報（ご利用のサービス、時期、項目など、特定に必要な事項）',
    'The personal information concerned (service, period, items: what we need to find it)',
  ),
  correction: t(
    '訂正等・利用停止等を求める内容と理由（訂正の場合は正しい内容）',
    'What you ask us to change or stop, and why (for a correction, the correct content)',
  ),
};

function requestSection(form: RequestForm, lang: Lang): PdfBlock[] {
  const kinds = FORM_KINDS[form].map((k) => labelOf('requestKind', k, lang));
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: TEXT.what[lang] },
    { kind: 'checkboxes', options: kinds },
  ];
  if (form === RequestForm.DISCLOSURE) {
    blocks.push(
      { kind: 'paragraph', text: TEXT.method[lang] },
      {
        kind: 'checkboxes',
        options: Object.values(DisclosureMethod).map((m) => labelOf('disclosureMethod', m, lang)),
      },
    );
  }
  const asks =
    form === RequestForm.DELETION_SUSPENSION ? [TEXT.target, TEXT.correction] : [TEXT.target];
  blocks.push({
    kind: 'fields',
    rows: asks.map((a) => ({ label: a[lang], value: '', blankLines: 3 })),
  });
  return blocks;
}

/**
 * A blank request form of the policy, to print, fill in and post: who asks (and the agent), what
 * is asked, the enclosures the company needs to identify the person (APPI art. 37), the fee for
 * purpose notices and disclosures (art. 38), and where to send it. Forms carry no checkpoint:
 * they state no fact from the ledger.
 */
export function requestFormDocument(
  form: RequestForm,
  office: RequestOffice,
  lang: Lang,
): PdfDocument {
  const feeCharged = FORM_KINDS[form].some(isFeeCharged);
  return {
    title: TITLE[form][lang],
    lang,
    footer: TITLE[form][lang],
    blocks: [
      { kind: 'lines', align: 'right', lines: [TEXT.dated[lang]] },
      { kind: 'lines', lines: [fill(TEXT.to[lang], { office: office.name[lang] })] },
      { kind: 'paragraph', text: LEAD[form][lang] },
      ...requesterSections(lang),
      ...requestSection(form, lang),
      ...enclosureSections(office, lang, feeCharged),
    ],
  };
}
