import { stringify } from 'csv-stringify/sync';

export interface CsvColumn {
  key: string;
  header: string;
}

export type CellValue = string | number | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @) or whose leading tab or CR it would
 * strip before doing so is prefixed with a single quote, so it is shown as the text it is
 * (OWASP, "CSV Injection"). Every form that folds to one of them under NFKC (full-width ＝ ＋ － ＠,
 * which Japanese input methods type, and the small forms ﹦ ﹢ ﹣ ﹫) is treated alike, since a
 * spreadsheet may fold them to ASCII. Numbers we computed stay numbers.
 */
export function neutraliseFormula(value: string): string {
  const first = String.fromCodePoint(value.codePointAt(0) ?? 0x20).normalize('NFKC');
  return /^[=+\-@\t\r]/.test(first) ? `'${value}` : value;
}

/**
 * The one CSV writer of every export: UTF-8 with a BOM (Excel in Japan reads UTF-8 then), CRLF
 * between records (RFC 4180), every text cell quoted so a line break inside a value (a list of
 * persons, a multi-line note) stays in its cell, and formula cells neutralised.
 */
export function csvFile(
  columns: readonly CsvColumn[],
  rows: readonly Record<string, CellValue>[],
): Buffer {
  const cells = rows.map((row) =>
    Object.fromEntries(
      columns.map(({ key }) => {
        const value = row[key];
        return [key, typeof value === 'string' ? neutraliseFormula(value) : (value ?? '')];
      }),
    ),
  );
  const text = stringify(cells, {
    header: true,
    columns: columns.map(({ key, header }) => ({ key, header: neutraliseFormula(header) })),
    bom: true,
    record_delimiter: 'windows',
    quoted_string: true,
  });
  return Buffer.from(text, 'utf8');
}
