import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMNS } from '@daicho/inventory';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { ROOT, serverBuild } from '../harness/server-build';
import { Role, TestApp } from '../harness/test-app';
import { cliOperator } from '../../apps/cli/src/cli-operator';

jest.setTimeout(180_000);

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('management ledger exports', () => {
  let t: TestApp;
  let token: string;

  const download = (path: string, bearer: string | null = token) => {
    let call = t.http.get(path).buffer(true).parse(binary);
    if (bearer) call = call.set('authorization', `Bearer ${bearer}`);
    return call;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    token = (await t.loginAs(Role.SALES)).token; // anyone logged in may export the catalog
  });
  afterAll(() => t.close());

  it('XLSX in Japanese: an overview and one sheet per department, frozen headers, readable widths', async () => {
    const res = await download('/exports/inventory.xlsx?lang=ja');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="daicho-inventory-\d{4}-\d{2}-\d{2}-ja\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((res.body as Buffer).buffer as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names[0]).toBe('一覧');
    expect(names.slice(1).sort()).toEqual(
      ['コールセンター事業部', 'システム開発部', '営業部', '管理部'].sort(),
    );

    const overview = workbook.getWorksheet('一覧')!;
    const header = (overview.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(Object.values(COLUMNS).map((c) => c.ja));
    expect(overview.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(overview.getColumn(1).width).toBe(22);
    expect(overview.rowCount).toBe(15);
    const rows = new Map<string, string[]>();
    overview.eachRow((row, n) => {
      const values = (row.values as string[]).slice(1);
      if (n > 1) rows.set(values[0]!, values);
    });
    const employee = rows.get('EMPLOYEE')!;
    const col = (key: keyof typeof COLUMNS) => Object.keys(COLUMNS).indexOf(key);
    expect(employee[col('name')]).toBe('従業員');
    expect(employee[col('items')]).toContain('健康診断結果※');
    expect(employee[col('items')]).toContain('個人番号（マイナンバー）');
    expect(employee[col('classification')]).toBe('要配慮個人情報、個人識別符号、特定個人情報');
    expect(employee[col('retention')]).toBe('7年 退職から');
    expect(employee[col('providedTo')]).toBe('取引先のシステム関連会社');
    expect(rows.get('CALL_RECORDING')![col('disclosureTarget')]).toBe('否');
    expect(workbook.getWorksheet('営業部')!.rowCount).toBe(7);
  });

  it('CSV in English: UTF-8 with BOM, parses back to the same rows', async () => {
    const res = await download('/exports/inventory.csv?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse<Record<string, string>>(body, { bom: true, columns: true });
    expect(records).toHaveLength(14);
    expect(Object.keys(records[0]!)).toEqual(Object.values(COLUMNS).map((c) => c.en));
    const employee = records.find((r) => r.Code === 'EMPLOYEE')!;
    expect(employee).toMatchObject({
      'Name of the information': 'Employees',
      Department: 'Administration',
      Retention: '7 years from the end of employment',
      'Provided to': "Client's system-related company",
      'Disclosure target': 'Yes',
      Records: '300',
    });
    expect(employee['Items (* special-care-required)']).toContain('Health check results*');
  });

  it('refuses strangers and bad requests with a clear code, and records every export', async () => {
    const anonymous = await download('/exports/inventory.xlsx', null);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse((anonymous.body as Buffer).toString())).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String) as unknown },
    });
    expect((await download('/exports/inventory.pdf')).status).toBe(400);
    expect((await download('/exports/inventory.csv?lang=fr')).status).toBe(400);
    await t.sealLedger();
    const exports = await t.ledgerRows(`action = 'EXPORT' AND target_type = 'InventoryExport'`);
    expect(exports.map((e) => e.details)).toEqual([
      expect.objectContaining({ format: 'xlsx', lang: 'ja', categories: 14 }),
      expect.objectContaining({ format: 'csv', lang: 'en', categories: 14 }),
    ]);
  });

  it('exports from the CLI too: npm run cli -- inventory:export', async () => {
    const built = serverBuild();
    const out = join(t.dataDir, 'inventory.xlsx');
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        [join(built, 'dist/apps/cli/src/main.js'), 'inventory:export', ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: t.adminUrl,
            DAICHO_DATA_DIR: t.dataDir,
            LOG_LEVEL: 'warn',
          },
          encoding: 'utf8',
        },
      );
    const ok = run(['--format', 'xlsx', '--lang', 'en', '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Wrote ${out}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]!.name).toBe('Overview');
    expect(workbook.worksheets).toHaveLength(5);
    const bad = run(['--format', 'pdf', '--out', out]);
    expect(bad.status).toBe(65);
    expect(bad.stderr).toContain('--format must be csv or xlsx');
    // The operator who ran it, by OS user and host.
    const recorded = await t.ledgerRows(`actor_id = $1`, [cliOperator().id]);
    expect(recorded.map((r) => r.action)).toEqual(['EXPORT']);
    // The file is written within the export's transaction: a name that is taken is not
    // overwritten, a folder that is not there fails, and neither leaves an entry behind.
    const written = readFileSync(out);
    const again = run(['--format', 'csv', '--out', out]);
    expect(again.status).toBe(65);
    expect(again.stderr).toContain('exists already');
    expect(readFileSync(out).equals(written)).toBe(true);
    const nowhere = run(['--format', 'csv', '--out', join(t.dataDir, 'no-such-folder', 'x.csv')]);
    expect(nowhere.status).toBe(1);
    expect(await t.ledgerRows(`actor_id = $1`, [cliOperator().id])).toHaveLength(1);
    expect(readdirSync(t.dataDir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('CSV cells that a spreadsheet would run as formulas come out as text; roles in Japanese', async () => {
    // A catalog text as a department could propose it, put in behind the application's back.
    await t.changedBySql(`UPDATE data_categories SET remarks = $1 WHERE code = 'EMPLOYEE'`, [
      JSON.stringify({ ja: '=HYPERLINK("http://evil.example","x")\n2行目', en: '@SUM(A1)' }),
    ]);
    const res = await download('/exports/inventory.csv?lang=ja');
    expect(res.status).toBe(200);
    // As spreadsheets and line-based readers do, a line break outside quotes ends a record.
    const records = parse<Record<string, string>>(res.body as Buffer, {
      bom: true,
      columns: true,
      record_delimiter: ['\r\n', '\n'],
    });
    expect(records).toHaveLength(14);
    const employee = records.find((r) => r['コード'] === 'EMPLOYEE')!;
    expect(employee['備考']).toBe(`'=HYPERLINK("http://evil.example","x")\n2行目`);
    expect(employee['利用者（アクセス権限）']).toContain('人事');
    expect(records.map((r) => r['利用者（アクセス権限）']).join()).not.toMatch(/[A-Z]{2,}/);
    const en = parse<Record<string, string>>(
      (await download('/exports/inventory.csv?lang=en')).body as Buffer,
      { bom: true, columns: true },
    );
    expect(en.find((r) => r.Code === 'EMPLOYEE')!.Remarks).toBe("'@SUM(A1)");
  });
});
