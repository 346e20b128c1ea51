import { Injectable } from '@nestjs/common';
import { rulesToSql, type RequestContext } from '@daicho/access';
import { ForbiddenError } from '@daicho/platform';
import type { Lang } from '@daicho/inventory';
import { Ledger } from '@daicho/ledger';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ReceiptService } from '../receipt/receipt.service';
import type { ReceiptRow } from '../receipt/receipt.dto';
import type { ProvisionModel } from './provision.dto';
import { ProvisionRoute } from '../provision-enums';
import { loadProvisions } from './provision-store';

export type ProvisionExportFormat = 'csv' | 'xlsx';

/** One hand-off as a row of the art. 29 record. */
const PROVISION_COLUMNS = {
  handedOn: { ja: '提供年月日', en: 'Date provided' },
  recipientName: { ja: '第三者の氏名又は名称', en: 'Recipient' },
  recipientAddress: { ja: '住所', en: 'Address' },
  recipientRepresentative: { ja: '代表者', en: 'Representative' },
  country: { ja: '国', en: 'Country' },
  route: { ja: '提供の根拠', en: 'Legal route' },
  consent: { ja: '本人の同意', en: "Person's consent" },
  subjects: { ja: '本人を特定する事項（仮名ID）', en: 'Persons (pseudonymous ids)' },
  persons: { ja: '人数', en: 'Persons' },
  items: { ja: '提供した項目', en: 'Items provided' },
  method: { ja: '提供方法', en: 'Method' },
  purpose: { ja: '提供先の利用目的', en: 'Purpose at the recipient' },
  personInCharge: { ja: '担当者', en: 'Person in charge' },
  status: { ja: '状態', en: 'Status' },
  art29: { ja: '法29条の記録', en: 'Art. 29 record' },
  retainUntil: { ja: '保存期限', en: 'Kept until' },
  provisionId: { ja: '記録ID', en: 'Record id' },
  corrects: { ja: '訂正対象の記録', en: 'Corrects record' },
} as const;
type ProvisionColumn = keyof typeof PROVISION_COLUMNS;

const RECEIPT_COLUMNS = {
  receivedOn: { ja: '受領年月日', en: 'Date received' },
  sourceName: { ja: '提供元の氏名又は名称', en: 'Source' },
  sourceAddress: { ja: '住所', en: 'Address' },
  sourceRepresentative: { ja: '代表者', en: 'Representative' },
  howObtained: { ja: '取得の経緯', en: 'How the source obtained it' },
  categories: { ja: '区分', en: 'Categories' },
  persons: { ja: '人数', en: 'Persons' },
  confirmedBy: { ja: '確認者', en: 'Confirmed by' },
  retainUntil: { ja: '保存期限', en: 'Kept until' },
} as const;
type ReceiptColumn = keyof typeof RECEIPT_COLUMNS;

const yesNo = (value: boolean, lang: Lang) =>
  value ? (lang === 'ja' ? 'あり' : 'yes') : lang === 'ja' ? 'なし' : 'no';

export function provisionRows(
  p: ProvisionModel,
  lang: Lang,
): Record<ProvisionColumn, string | number>[] {
  return p.handOffs.map((h) => ({
    handedOn: h.handedOn,
    recipientName: p.recipient.name,
    recipientAddress: p.recipient.address,
    recipientRepresentative: p.recipient.representative,
    country: p.recipient.country,
    route: p.route,
    consent: yesNo(p.route === ProvisionRoute.CONSENT, lang),
    subjects: h.subjectIds.join('\n'),
    persons: h.subjectIds.length,
    items: p.items.join(', '),
    method: h.method,
    purpose: p.purposeAtRecipient,
    personInCharge: h.personInCharge,
    status: p.status,
    art29: yesNo(p.art29Required, lang),
    retainUntil: p.retainUntil,
    provisionId: p.id,
    corrects: p.correctsId ?? '',
  }));
}

const receiptRow = (r: ReceiptRow): Record<ReceiptColumn, string | number> => ({
  receivedOn: r.received_on,
  sourceName: r.source_name,
  sourceAddress: r.source_address,
  sourceRepresentative: r.source_representative,
  howObtained: r.how_obtained,
  categories: r.category_codes.join(', '),
  persons: r.subject_ids.length,
  confirmedBy: r.confirmed_by,
  retainUntil: r.retain_until,
});

/**
 * The provision and receipt records (APPI arts. 29–30) as files an auditor or the PPC can read:
 * one row per hand-off; XLSX adds the receipts sheet. Every export is an EXPORT entry.
 */
@Injectable()
export class ProvisionExport {
  constructor(
    private readonly receipts: ReceiptService,
    private readonly ledger: Ledger,
  ) {}

  async export(
    ctx: RequestContext,
    format: ProvisionExportFormat,
    lang: Lang,
    range: { from?: string; to?: string },
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    return ctx.transaction(async (tx) => {
      // The role's rules are in the SQL: a department exports the records it made, no others.
      const where = rulesToSql(ctx.ability, 'read', 'Provision', {
        createdBy: { column: 'p.created_by', type: 'text', nullable: false },
      });
      if (!where) throw new ForbiddenError(`Your role (${ctx.role}) may not export provisions.`);
      const n = where.values.length;
      const ids = await tx.manager.query<{ id: string }[]>(
        `SELECT DISTINCT p.id, p.created_at FROM provisions p JOIN hand_offs h ON h.provision_id = p.id
          WHERE ${where.text} AND h.handed_on >= $${n + 1}::date AND h.handed_on <= $${n + 2}::date
          ORDER BY p.created_at, p.id`,
        [...where.values, range.from ?? '0001-01-01', range.to ?? '9999-12-31'],
      );
      const provisions = await loadProvisions(
        tx.manager,
        ids.map((r) => r.id),
      );
      const rows = provisions
        .flatMap((p) => provisionRows(p, lang))
        .filter(
          (r) => (!range.from || r.handedOn >= range.from) && (!range.to || r.handedOn <= range.to),
        )
        .sort((a, b) => String(a.handedOn).localeCompare(String(b.handedOn)));
      const receipts = ctx.ability.can('read', 'Receipt')
        ? (await this.receipts.list(tx, range)).map(receiptRow)
        : [];
      const body =
        format === 'csv'
          ? Buffer.from(
              stringify(rows, {
                header: true,
                columns: Object.entries(PROVISION_COLUMNS).map(([key, label]) => ({
                  key,
                  header: label[lang],
                })),
                bom: true,
                record_delimiter: 'windows',
              }),
              'utf8',
            )
          : await toXlsx(rows, receipts, lang);
      await this.ledger.append(tx, {
        action: 'EXPORT',
        targetType: 'ProvisionExport',
        details: {
          format,
          lang,
          handOffs: rows.length,
          receipts: receipts.length,
          from: range.from ?? null,
          to: range.to ?? null,
        },
      });
      const stamp = new Date().toISOString().slice(0, 10);
      return {
        filename: `daicho-provisions-${stamp}-${lang}.${format}`,
        contentType:
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body,
      };
    });
  }
}

async function toXlsx(
  provisions: Record<ProvisionColumn, string | number>[],
  receipts: Record<ReceiptColumn, string | number>[],
  lang: Lang,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Daicho';
  workbook.created = new Date();
  const sheet = <K extends string>(
    title: string,
    columns: Record<K, { ja: string; en: string }>,
    rows: Record<K, string | number>[],
  ) => {
    const ws = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
    const keys = Object.keys(columns) as K[];
    ws.columns = keys.map((key) => ({ header: columns[key][lang], key, width: 22 }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row).alignment = { vertical: 'top', wrapText: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };
  };
  sheet(lang === 'ja' ? '第三者提供記録' : 'Provisions (art. 29)', PROVISION_COLUMNS, provisions);
  sheet(lang === 'ja' ? '第三者受領記録' : 'Receipts (art. 30)', RECEIPT_COLUMNS, receipts);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
