import ExcelJS from 'exceljs';
import type { CellValue } from './csv-writer';

export interface XlsxColumn {
  key: string;
  header: string;
  /** Characters; long texts wrap. */
  width?: number;
}

export interface XlsxSheet {
  title: string;
  columns: readonly XlsxColumn[];
  rows: readonly Record<string, CellValue>[];
}

/** The longest start of a text that fits `max` UTF-16 units without splitting a character. */
function fitted(text: string, max: number): string {
  let out = '';
  for (const character of text) {
    if (out.length + character.length > max) break;
    out += character;
  }
  return out;
}

/** Excel keeps this name for itself (in any case). */
const RESERVED_SHEET_NAMES = new Set(['history']);

/**
 * Excel sheet names as Excel (and ExcelJS) take them: at most 31 characters, none of
 * : \ / ? * [ ], no apostrophe first or last, not "History", each unique regardless of case.
 * Titles come from the catalog (a department called "overview" or "Sales" beside "sales"): one
 * that broke a rule made the whole export a 500.
 */
export function sheetName(name: string, taken: Set<string>): string {
  const clean = (text: string) => text.replace(/^[\s']+|[\s']+$/g, '');
  let base = clean(fitted(clean(name.replace(/[:\\/?*[\]]/g, ' ')), 31)) || 'Sheet';
  if (RESERVED_SHEET_NAMES.has(base.toLowerCase())) base = `${base} (1)`;
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = `${clean(fitted(base, 31 - suffix.length))}${suffix}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The one XLSX writer of every export: a bold frozen header with a filter, wrapped top-aligned
 * cells. Values go in as text or numbers, never as formulas.
 */
export async function xlsxFile(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Daicho';
  workbook.created = new Date();
  const taken = new Set<string>();
  for (const { title, columns, rows } of sheets) {
    const sheet = workbook.addWorksheet(sheetName(title, taken), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = columns.map(({ key, header, width }) => ({ header, key, width: width ?? 22 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).alignment = { vertical: 'middle', wrapText: true };
    for (const row of rows) {
      const values = Object.fromEntries(columns.map(({ key }) => [key, row[key] ?? '']));
      sheet.addRow(values).alignment = { vertical: 'top', wrapText: true };
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
