import { dateText, labelOf, listOf, type PdfBlock } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { RequestKind } from '../request-enums';
import type { ResponseContent } from './letter-data';
import { fill, t } from './letter-frame';

const TEXT = {
  purposes: t('利用目的', 'Purposes of use'),
  noPurposes: t(
    '当社は、あなたに関する保有個人データを保有していません。',
    'We hold no retained personal data about you.',
  ),
  provisions: t('第三者への提供の記録（法29条）', 'Provisions to third parties (art. 29)'),
  receipts: t('第三者からの受領の記録（法30条）', 'Receipts from third parties (art. 30)'),
  noneRecorded: t('記録はありません。', 'None recorded.'),
  columns: {
    on: t('年月日', 'Date'),
    recipient: t('提供先', 'Recipient'),
    route: t('提供の根拠', 'Legal basis'),
    items: t('項目', 'Items'),
    provider: t('提供元', 'Provider'),
    category: t('個人情報の区分', 'Category'),
    record: t('記録ID', 'Record'),
    changed: t('訂正等を行った項目', 'Items corrected'),
  },
  changes: t('訂正等の内容', 'What we corrected'),
  suspended: t(
    'あなたの保有個人データ（{records}件の記録）の利用を停止しました。',
    'We have suspended the use of your retained personal data ({records} records).',
  ),
  erased: t(
    'あなたの保有個人データ（{records}件の記録）を消去しました。消去した内容は復元できません。',
    'We have erased your retained personal data ({records} records). It cannot be restored.',
  ),
  stopped: t(
    '{since}以降、あなたの保有個人データの第三者への提供を停止しています。',
    'Since {since} we have stopped providing your retained personal data to third parties.',
  ),
};

const items = (list: { ja: string; en: string }[], lang: Lang) =>
  listOf(
    list.map((i) => i[lang]),
    lang,
  );

/**
 * What an answer carries for every kind but disclosure (disclosure-content.ts): the purposes
 * (art. 32(2)), the provision and receipt records (art. 33(5)), the corrections made (art. 34(3)),
 * and the suspension, erasure or stop of provision done (art. 35(7)).
 */
export function responseBlocks(content: ResponseContent, lang: Lang): PdfBlock[] {
  const c = TEXT.columns;
  switch (content.kind) {
    case RequestKind.DISCLOSURE:
      throw new Error('a disclosure is written by disclosureBlocks');
    case RequestKind.PURPOSE_NOTICE:
      if (content.categories.length === 0)
        return [{ kind: 'paragraph', text: TEXT.noPurposes[lang] }];
      return [
        { kind: 'heading', text: TEXT.purposes[lang] },
        ...content.categories.flatMap((category): PdfBlock[] => [
          { kind: 'heading', level: 2, text: category.name[lang] },
          { kind: 'list', items: category.purposes.map((p) => p[lang]) },
        ]),
      ];
    case RequestKind.PROVISION_RECORDS:
      return [
        { kind: 'heading', text: TEXT.provisions[lang] },
        content.provisions.length === 0
          ? { kind: 'paragraph', text: TEXT.noneRecorded[lang] }
          : {
              kind: 'table',
              columns: [
                { header: c.on[lang], width: 1.6 },
                { header: c.recipient[lang], width: 2 },
                { header: c.route[lang], width: 2.4 },
                { header: c.items[lang], width: 2.4 },
              ],
              rows: content.provisions.map((p) => [
                dateText(p.providedOn, lang),
                p.recipient,
                labelOf('provisionRoute', p.route, lang),
                items(p.items, lang),
              ]),
            },
        { kind: 'heading', text: TEXT.receipts[lang] },
        content.receipts.length === 0
          ? { kind: 'paragraph', text: TEXT.noneRecorded[lang] }
          : {
              kind: 'table',
              columns: [
                { header: c.on[lang], width: 1.6 },
                { header: c.provider[lang], width: 2.4 },
                { header: c.items[lang], width: 3.6 },
              ],
              rows: content.receipts.map((r) => [
                dateText(r.receivedOn, lang),
                r.provider,
                items(r.items, lang),
              ]),
            },
      ];
    case RequestKind.CORRECTION:
      return [
        { kind: 'heading', text: TEXT.changes[lang] },
        {
          kind: 'table',
          columns: [
            { header: c.category[lang], width: 2.4 },
            { header: c.record[lang], width: 2.6 },
            { header: c.changed[lang], width: 3.4 },
          ],
          rows: content.changes.map((ch) => [
            ch.category[lang],
            ch.recordId,
            items(ch.items, lang),
          ]),
        },
      ];
    case RequestKind.SUSPENSION_OR_ERASURE: {
      const text = content.action === 'ERASED' ? TEXT.erased : TEXT.suspended;
      return [{ kind: 'paragraph', text: fill(text[lang], { records: String(content.records) }) }];
    }
    case RequestKind.STOP_PROVISION:
      return [
        {
          kind: 'paragraph',
          text: fill(TEXT.stopped[lang], { since: dateText(content.since, lang) }),
        },
      ];
  }
}
