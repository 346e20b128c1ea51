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

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], each unique. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, 28)} (${n})`;
  taken.add(candidate);
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
