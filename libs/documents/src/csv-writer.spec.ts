import { parse } from 'csv-parse/sync';
import { csvFile, neutraliseFormula } from './csv-writer';

const read = (file: Buffer) =>
  parse<Record<string, string>>(file.toString('utf8').replace(/^\uFEFF/, ''), {
    columns: true,
    // As spreadsheets and line-based readers do, a line break outside quotes ends a record.
    record_delimiter: ['\r\n', '\n'],
  });

describe('csvFile (the one CSV writer)', () => {
  const columns = [
    { key: 'a', header: 'A' },
    { key: 'b', header: 'B' },
  ];

  it('neutralises every cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    const hostile = [
      '=HYPERLINK("http://x","y")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '＝SUM(A1)',
      '＋1',
      '－1',
      '＠A1',
      // The small forms, which NFKC folds to = + - @ as well.
      '﹦HYPERLINK("http://x","y")',
      '﹢1',
      '﹣1',
      '﹫A1',
    ];
    const rows = read(
      csvFile(
        columns,
        hostile.map((a) => ({ a, b: 'plain' })),
      ),
    );
    expect(rows.map((r) => r.A)).toEqual(hostile.map((v) => `'${v}`));
    expect(rows.every((r) => r.B === 'plain')).toBe(true);
    expect(neutraliseFormula('山田')).toBe('山田');
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('')).toBe('');
    expect(neutraliseFormula('𠮷野家')).toBe('𠮷野家'); // a character beyond the BMP first
  });

  it('parses back to exactly the rows written, line breaks inside cells included', () => {
    const written = [
      { a: 'one\ntwo\nthree', b: 3 },
      { a: 'crlf\r\ninside', b: 'quote " and, comma' },
      { a: '', b: null },
    ];
    const file = csvFile(columns, written);
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(file)).toEqual([
      { A: 'one\ntwo\nthree', B: '3' },
      { A: 'crlf\r\ninside', B: 'quote " and, comma' },
      { A: '', B: '' },
    ]);
  });
});
