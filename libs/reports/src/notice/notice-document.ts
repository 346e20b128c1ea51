import { dateTimeText, yenText, type LocalizedText, type PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { NOTICE } from './notice-text';
import type { PublicNotice } from './public-notice';

/** The public notice as a PDF, with the same content as the page. */
export function noticeDocument(notice: PublicNotice, lang: Lang): PdfDocument {
  const l = (text: LocalizedText) => text[lang];
  return {
    title: l(NOTICE.title),
    lang,
    footer: l(notice.operator.name),
    createdAt: notice.asOf ?? undefined,
    blocks: [
      { kind: 'paragraph', text: l(NOTICE.lead) },
      { kind: 'heading', text: l(NOTICE.operator), level: 2 },
      {
        kind: 'fields',
        rows: [
          { label: l(NOTICE.name), value: l(notice.operator.name) },
          { label: l(NOTICE.representative), value: l(notice.operator.representative) },
          { label: l(NOTICE.address), value: l(notice.operator.address) },
        ],
      },
      { kind: 'heading', text: l(NOTICE.purposes), level: 2 },
      ...notice.categories.flatMap((c) => [
        { kind: 'paragraph' as const, text: l(c.name) },
        { kind: 'list' as const, items: c.purposes.map(l) },
      ]),
      { kind: 'heading', text: l(NOTICE.procedure), level: 2 },
      { kind: 'paragraph', text: l(NOTICE.procedureText) },
      {
        kind: 'fields',
        rows: [
          {
            label: l(NOTICE.office),
            value: `${l(notice.office.name)}\n${l(notice.office.address)}\n${notice.office.email}`,
          },
          {
            label: l(NOTICE.fee),
            value: `${yenText(notice.feeYen, lang)}（${l(NOTICE.feeText)}）`,
          },
        ],
      },
      { kind: 'heading', text: l(NOTICE.security), level: 2 },
      { kind: 'paragraph', text: l(NOTICE.securityCommon) },
      { kind: 'list', items: notice.securityMeasures.map(l) },
      { kind: 'heading', text: l(NOTICE.complaints), level: 2 },
      { kind: 'paragraph', text: l(NOTICE.complaintsText) },
      ...(notice.asOf
        ? [
            {
              kind: 'paragraph' as const,
              text: `${l(NOTICE.asOf)}: ${dateTimeText(notice.asOf, lang)}`,
              small: true,
            },
          ]
        : []),
    ],
  };
}
