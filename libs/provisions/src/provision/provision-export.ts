import { Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import {
  CONTENT_TYPES,
  countryName,
  csvFile,
  labelOf,
  LABELS,
  listOf,
  presence,
  xlsxFile,
  type CellValue,
  type DocumentFile,
  type DocumentFormat,
  type DocumentLang,
  type LocalizedText,
} from '@daicho/documents';
import { ForbiddenError, LedgerAction, todayInJapan } from '@daicho/platform';
import { Ledger } from '@daicho/ledger';
import { ReceiptService } from '../receipt/receipt.service';
import type { ReceiptRow } from '../receipt/receipt.dto';
import type { HandOffModel, ProvisionModel } from './provision.dto';
import { HandOffMethod, ProvisionRoute, ProvisionStatus } from '../provision-enums';
import { ExportVocabulary } from './export-vocabulary';
import { loadProvisions, readableProvisionKeys } from './provision-store';

// The enums' labels live in @daicho/documents; these lines fail to compile if one is missing.
LABELS.provisionRoute satisfies Record<ProvisionRoute, LocalizedText>;
LABELS.handOffMethod satisfies Record<HandOffMethod, LocalizedText>;
LABELS.provisionStatus satisfies Record<ProvisionStatus, LocalizedText>;

/** One hand-off as a row of the art. 29 record. */
export const PROVISION_COLUMNS = {
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
} as const satisfies Record<string, LocalizedText>;
export type ProvisionColumn = keyof typeof PROVISION_COLUMNS;

export const RECEIPT_COLUMNS = {
  receivedOn: { ja: '受領年月日', en: 'Date received' },
  sourceName: { ja: '提供元の氏名又は名称', en: 'Source' },
  sourceAddress: { ja: '住所', en: 'Address' },
  sourceRepresentative: { ja: '代表者', en: 'Representative' },
  howObtained: { ja: '取得の経緯', en: 'How the source obtained it' },
  categories: { ja: '区分', en: 'Categories' },
  persons: { ja: '人数', en: 'Persons' },
  confirmedBy: { ja: '確認者', en: 'Confirmed by' },
  retainUntil: { ja: '保存期限', en: 'Kept until' },
} as const satisfies Record<string, LocalizedText>;
export type ReceiptColumn = keyof typeof RECEIPT_COLUMNS;

export function provisionRow(
  p: ProvisionModel,
  h: HandOffModel,
  lang: DocumentLang,
  words: ExportVocabulary,
): Record<ProvisionColumn, CellValue> {
  return {
    handedOn: h.handedOn,
    recipientName: p.recipient.name,
    recipientAddress: p.recipient.address,
    recipientRepresentative: p.recipient.representative,
    country: countryName(p.recipient.country, lang),
    route: labelOf('provisionRoute', p.route, lang),
    consent: presence(p.route === ProvisionRoute.CONSENT, lang),
    // One person per line; the CSV writer keeps the lines in their cell.
    subjects: h.subjectIds.join('\n'),
    persons: h.subjectIds.length,
    items: listOf(
      p.items.map((key) => words.item(key, p.categoryCodes, lang)),
      lang,
    ),
    method: labelOf('handOffMethod', h.method, lang),
    purpose: p.purposeAtRecipient,
    personInCharge: words.person(h.personInCharge),
    status: labelOf('provisionStatus', p.status, lang),
    art29: presence(p.art29Required, lang),
    retainUntil: p.retainUntil,
    provisionId: p.id,
    corrects: p.correctsId ?? '',
  };
}

const receiptRow = (
  r: ReceiptRow,
  lang: DocumentLang,
  words: ExportVocabulary,
): Record<ReceiptColumn, CellValue> => ({
  receivedOn: r.received_on,
  sourceName: r.source_name,
  sourceAddress: r.source_address,
  sourceRepresentative: r.source_representative,
  howObtained: r.how_obtained,
  categories: listOf(
    r.category_codes.map((c) => words.category(c, lang)),
    lang,
  ),
  persons: r.subject_ids.length,
  confirmedBy: words.person(r.confirmed_by),
  retainUntil: r.retain_until,
});

/** Column keys and their headers in one language, for the CSV, XLSX and PDF renderings. */
export const columnsOf = (columns: Record<string, LocalizedText>, lang: DocumentLang) =>
  Object.entries(columns).map(([key, header]) => ({ key, header: header[lang] }));

export interface ProvisionRange {
  from?: string;
  to?: string;
}

/** The records of a period as rows, in one language, with the persons they name. */
export interface ProvisionSheet {
  range: ProvisionRange;
  lang: DocumentLang;
  handOffs: Record<ProvisionColumn, CellValue>[];
  receipts: Record<ReceiptColumn, CellValue>[];
  /** Each person named by a hand-off in the sheet, once, with a category of theirs. */
  persons: { subject_id: string; category_code: string }[];
}

/**
 * The provision and receipt records (APPI arts. 29–30) as files an auditor or the PPC can read:
 * one row per hand-off; XLSX adds the receipts sheet (the PDF is built in libs/reports from the
 * same sheet). The export is an EXPORT entry, and so is each person it names (their footprint
 * shows that their hand-off left in a file).
 */
@Injectable()
export class ProvisionExport {
  constructor(
    private readonly receipts: ReceiptService,
    private readonly ledger: Ledger,
  ) {}

  /**
   * The rows the caller's role may read, hand-offs within the period, oldest first; the receipts
   * only when the file shows them (`withReceipts`): listing them writes their READ entries.
   */
  async sheet(
    tx: RequestContext,
    lang: DocumentLang,
    range: ProvisionRange,
    withReceipts = true,
  ): Promise<ProvisionSheet> {
    // The role's rules are in the SQL: a department exports the records it made, no others.
    const keys = await readableProvisionKeys(tx, { ...range, order: 'oldest' });
    if (!keys) {
      throw await recordDenial(
        tx,
        { operation: 'export Provision', type: 'Provision' },
        new ForbiddenError(`Your role (${tx.role}) may not export provisions.`),
      );
    }
    const provisions = await loadProvisions(
      tx,
      keys.map((k) => k.id),
    );
    const handOffs = provisions
      .flatMap((p) => p.handOffs.map((h) => ({ p, h })))
      .filter(
        ({ h }) =>
          (!range.from || h.handedOn >= range.from) && (!range.to || h.handedOn <= range.to),
      )
      .sort((a, b) => a.h.handedOn.localeCompare(b.h.handedOn));
    const receipts =
      withReceipts && tx.ability.can('read', 'Receipt') ? await this.receipts.list(tx, range) : [];
    const words = await ExportVocabulary.load(tx, [
      ...handOffs.map(({ h }) => h.personInCharge),
      ...receipts.map((r) => r.confirmed_by),
    ]);
    const persons = await tx.manager.query<{ subject_id: string; category_code: string }[]>(
      `SELECT DISTINCT ON (subject_id) subject_id, category_code FROM provision_subjects
        WHERE hand_off_id = ANY($1::uuid[]) ORDER BY subject_id, category_code`,
      [handOffs.map(({ h }) => h.id)],
    );
    return {
      range,
      lang,
      handOffs: handOffs.map(({ p, h }) => provisionRow(p, h, lang, words)),
      receipts: receipts.map((r) => receiptRow(r, lang, words)),
      persons,
    };
  }

  /**
   * The download's EXPORT entries, in the caller's transaction: one for the file (with what the
   * renderer adds, e.g. its SHA-256 and checkpoint) and one per person it names.
   */
  async recordExport(
    tx: RequestContext,
    sheet: ProvisionSheet,
    format: DocumentFormat | 'pdf',
    extra: Record<string, string | number> = {},
  ): Promise<void> {
    const { lang, range } = sheet;
    await this.ledger.appendMany(tx, [
      {
        action: LedgerAction.EXPORT,
        targetType: 'ProvisionExport',
        details: {
          format,
          lang,
          handOffs: sheet.handOffs.length,
          persons: sheet.persons.length,
          receipts: sheet.receipts.length,
          from: range.from ?? null,
          to: range.to ?? null,
          ...extra,
        },
      },
      ...sheet.persons.map((s) => ({
        action: LedgerAction.EXPORT,
        targetType: 'ProvisionExport',
        subjectId: s.subject_id,
        categoryCode: s.category_code,
        details: { format, lang },
      })),
    ]);
  }

  /** `deliver`: as InventoryExport's, the file handed over inside the export's transaction. */
  async export(
    ctx: RequestContext,
    format: DocumentFormat,
    lang: DocumentLang,
    range: ProvisionRange,
    deliver?: (file: DocumentFile) => Promise<void>,
  ): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      // A CSV is one sheet, the hand-offs only: the receipts are neither read nor recorded.
      const sheet = await this.sheet(tx, lang, range, format !== 'csv');
      const body =
        format === 'csv'
          ? csvFile(columnsOf(PROVISION_COLUMNS, lang), sheet.handOffs)
          : await xlsxFile([
              {
                title: lang === 'ja' ? '第三者提供記録' : 'Provisions (art. 29)',
                columns: columnsOf(PROVISION_COLUMNS, lang),
                rows: sheet.handOffs,
              },
              {
                title: lang === 'ja' ? '第三者受領記録' : 'Receipts (art. 30)',
                columns: columnsOf(RECEIPT_COLUMNS, lang),
                rows: sheet.receipts,
              },
            ]);
      await this.recordExport(tx, sheet, format);
      const file = {
        filename: `daicho-provisions-${todayInJapan()}-${lang}.${format}`,
        contentType: CONTENT_TYPES[format],
        body,
      };
      await deliver?.(file);
      return file;
    });
  }
}
