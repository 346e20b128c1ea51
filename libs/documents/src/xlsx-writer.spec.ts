import ExcelJS from 'exceljs';
import { xlsxFile } from './xlsx-writer';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('xlsxFile sheet names', () => {
  it('writes every catalog title as a sheet Excel opens: unique in any case, never History, whole characters', async () => {
    const titles = [
      'Overview',
      'overview',
      'History',
      "'Sales'",
      'Sales',
      'SALES',
      'a:b/c?d*e[f]',
      `${'x'.repeat(30)}😀tail`,
      `${'営業部'.repeat(12)}`,
      '   ',
    ];
    const file = await xlsxFile(
      titles.map((title) => ({
        title,
        columns: [{ key: 'a', header: 'A' }],
        rows: [{ a: title }],
      })),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const names = book.worksheets.map((sheet) => sheet.name);
    expect(names).toHaveLength(titles.length);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/^'|'$|[:\\/?*[\]]/);
      expect(name.toLowerCase()).not.toBe('history');
      expect(name).not.toMatch(LONE_SURROGATE);
    }
    // Each sheet still holds its own row.
    expect(book.worksheets.map((sheet) => sheet.getRow(2).getCell(1).value)).toEqual(titles);
  });
});
