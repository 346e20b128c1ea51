import type { PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { ReportDraft } from './report-draft';
import type { PrivacyOffice } from './report-data';
import { fill, itemField, officeLines } from './report-document';
import { NOTICE_ITEMS, t } from './report-labels';

/** What the notice to the person is made from: the saved draft, the number, the office. */
export interface PersonNoticeData {
  number: string;
  draft: ReportDraft;
  office: PrivacyOffice;
}

const TEXT = {
  title: t('個人情報の漏えい等に関するお知らせ', 'Notice about your personal information'),
  date: t('　　　　年　　月　　日', 'Date: ____________________'),
  addressee: t('____________________________ 様', 'Dear ____________________________'),
  lead: t(
    'このたび、当社が取り扱うあなたの個人データについて、漏えい等が発生し、又は発生したおそれがあることが判明しました。ご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。個人情報の保護に関する法律第26条第2項に基づき、次のとおりお知らせします。',
    'We have found that personal data of yours that we handle has leaked, been lost or damaged, or may have been. We sincerely apologise for the trouble and concern this causes. Under APPI art. 26(2), we inform you as follows.',
  ),
  record: t('記', 'Details'),
  contact: t('本件に関するお問い合わせ先', 'Where to ask about this'),
  contactHow: t(
    'ご不明な点やご心配な点がございましたら、下記の窓口までお問い合わせください。お問い合わせの際は、事案番号（{number}）をお知らせください。',
    'If you have any question or concern, please contact the office below, quoting the incident number ({number}).',
  ),
};

/**
 * The notice to each affected person (APPI art. 26(2)) as a letter template: the five items the
 * PPC guidelines ask for (overview, items, cause, secondary damage or its risk, other matters),
 * from the draft the CPO saved, and the office to ask. It names no one: the date and the
 * addressee are blanks the office fills for each person, so one template serves them all and the
 * file holds nobody's name.
 */
export function personNoticeDocument(data: PersonNoticeData, lang: Lang): PdfDocument {
  const title = TEXT.title[lang];
  return {
    title,
    lang,
    footer: `${data.number}  ${title}`,
    blocks: [
      { kind: 'lines', align: 'right', lines: [TEXT.date[lang]] },
      { kind: 'addresses', to: [TEXT.addressee[lang]], from: officeLines(data.office, lang) },
      { kind: 'paragraph', text: TEXT.lead[lang] },
      { kind: 'heading', text: TEXT.record[lang], level: 2 },
      {
        kind: 'fields',
        rows: NOTICE_ITEMS.map((item, i) => itemField(data.draft, item, i + 1, lang)),
      },
      { kind: 'heading', text: TEXT.contact[lang], level: 2 },
      { kind: 'paragraph', text: fill(TEXT.contactHow[lang], { number: data.number }) },
      { kind: 'lines', lines: officeLines(data.office, lang) },
    ],
  };
}
