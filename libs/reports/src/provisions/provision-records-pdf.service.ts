import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  PDF_CONTENT_TYPE,
  pdfFile,
  fileDigest,
  type CellValue,
  type DocumentFile,
  type LocalizedText,
  type PdfBlock,
} from '@daicho/documents';
import { CheckpointStamps } from '@daicho/ledger';
import {
  PROVISION_COLUMNS,
  RECEIPT_COLUMNS,
  ProvisionExport,
  type ProvisionRange,
} from '@daicho/provisions';
import { todayInJapan, type Lang } from '@daicho/platform';

const t = (ja: string, en: string): LocalizedText => ({ ja, en });
const TEXT = {
  title: t('第三者提供・受領の記録', 'Records of provision to and receipt from third parties'),
  lead: t(
    '個人データを第三者に提供したとき（法第29条）及び第三者から受領したとき（法第30条）に作成した記録です。提供の記録は提供ごとに、本人を特定する事項は仮名IDで記載します。各記録は作成の日から規則で定める期間（原則3年）保存します。作成時点の台帳（アクセス記録）のチェックポイントを末尾に記載します。',
    'The records made when personal data was provided to a third party (APPI art. 29) and received from one (art. 30). Provisions are listed hand-off by hand-off, persons by their pseudonymous ids. Each record is kept for the period the rules set (three years as a rule). The ledger checkpoint current when this was made is printed at the end.',
  ),
  madeOn: t('作成日', 'Made on'),
  period: t('対象期間', 'Period'),
  all: t('全期間', 'all records'),
  provisions: t('第三者提供の記録（法第29条）', 'Provisions to third parties (art. 29)'),
  receipts: t('第三者からの受領の記録（法第30条）', 'Receipts from third parties (art. 30)'),
  noProvisions: t(
    'この期間に記録された第三者提供はありません。',
    'No provision was recorded in this period.',
  ),
  noReceipts: t(
    'この期間に記録された第三者からの受領はありません（またはこの役割では閲覧できません）。',
    'No receipt was recorded in this period (or this role may not read receipts).',
  ),
};
/** The overview's columns; every column of the CSV follows per hand-off. */
const PROVISION_OVERVIEW = ['handedOn', 'recipientName', 'route', 'persons', 'method'] as const;
const RECEIPT_OVERVIEW = ['receivedOn', 'sourceName', 'categories', 'persons'] as const;

const cell = (value: CellValue): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);

/**
 * The provision and receipt records (APPI arts. 29–30) of a period as a PDF for the CPO and the
 * auditors: an overview, every column of the CSV/XLSX export per hand-off and receipt (one
 * source: ProvisionExport's sheet), and the checkpoint it was made on. The download is an EXPORT
 * entry with the file's SHA-256, and one per person it names, like the CSV's.
 */
@Injectable()
export class ProvisionRecordsPdf {
  constructor(
    private readonly exporter: ProvisionExport,
    private readonly stamps: CheckpointStamps,
  ) {}

  async pdf(ctx: RequestContext, range: ProvisionRange, lang: Lang): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const sheet = await this.exporter.sheet(tx, lang, range);
      const stamp = await this.stamps.latest(tx.manager);
      const l = (text: LocalizedText) => text[lang];
      const period =
        range.from || range.to ? `${range.from ?? '…'} – ${range.to ?? '…'}` : l(TEXT.all);
      const overview = <K extends string>(
        keys: readonly K[],
        headers: Record<K, LocalizedText>,
        rows: Record<K, CellValue>[],
      ): PdfBlock => ({
        kind: 'table',
        columns: keys.map((key) => ({
          header: headers[key][lang],
          width: key === 'recipientName' || key === 'sourceName' || key === 'categories' ? 3 : 1.4,
        })),
        rows: rows.map((r) => keys.map((key) => cell(r[key]))),
      });
      const details = <K extends string>(
        headers: Record<K, LocalizedText>,
        row: Record<K, CellValue>,
      ): PdfBlock => ({
        kind: 'fields',
        rows: (Object.keys(headers) as K[]).map((key) => ({
          label: headers[key][lang],
          value: cell(row[key]),
        })),
      });
      const blocks: PdfBlock[] = [
        {
          kind: 'fields',
          rows: [
            { label: l(TEXT.madeOn), value: todayInJapan() },
            { label: l(TEXT.period), value: period },
          ],
        },
        { kind: 'paragraph', text: l(TEXT.lead) },
        { kind: 'heading', text: l(TEXT.provisions), level: 2 },
        ...(sheet.handOffs.length
          ? [
              overview(PROVISION_OVERVIEW, PROVISION_COLUMNS, sheet.handOffs),
              ...sheet.handOffs.flatMap((row, i): PdfBlock[] => [
                {
                  kind: 'heading',
                  text: `${i + 1}. ${cell(row.handedOn)} ${cell(row.recipientName)}`,
                  level: 2,
                },
                details(PROVISION_COLUMNS, row),
              ]),
            ]
          : [{ kind: 'paragraph' as const, text: l(TEXT.noProvisions) }]),
        { kind: 'heading', text: l(TEXT.receipts), level: 2 },
        ...(sheet.receipts.length
          ? [
              overview(RECEIPT_OVERVIEW, RECEIPT_COLUMNS, sheet.receipts),
              ...sheet.receipts.flatMap((row, i): PdfBlock[] => [
                {
                  kind: 'heading',
                  text: `${i + 1}. ${cell(row.receivedOn)} ${cell(row.sourceName)}`,
                  level: 2,
                },
                details(RECEIPT_COLUMNS, row),
              ]),
            ]
          : [{ kind: 'paragraph' as const, text: l(TEXT.noReceipts) }]),
        { kind: 'checkpoint', stamp },
      ];
      const body = await pdfFile({ title: l(TEXT.title), lang, blocks, footer: l(TEXT.title) });
      await this.exporter.recordExport(tx, sheet, 'pdf', {
        treeSize: stamp.treeSize,
        rootHash: stamp.rootHash,
        sha256: fileDigest(body),
      });
      return {
        filename: `provisions-${range.from ?? 'start'}-${range.to ?? todayInJapan()}-${lang}.pdf`,
        contentType: PDF_CONTENT_TYPE,
        body,
      };
    });
  }
}
