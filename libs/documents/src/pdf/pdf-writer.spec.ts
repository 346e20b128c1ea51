import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CheckpointStamp, PdfDocument } from './pdf-document';
import { pdfToText } from './pdf-text';
import { pdfFile } from './pdf-writer';

const ROOT = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const stamp: CheckpointStamp = {
  origin: 'daicho.local/ledger',
  treeSize: 48213,
  rootHash: ROOT,
  signedAt: new Date('2026-04-03T01:15:30Z'),
  keyName: 'daicho.local/ledger',
  signature: 'q2x1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789==',
};

/** pdfinfo's "Key: value" lines. */
async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const file = join(await mkdtemp(join(tmpdir(), 'daicho-pdfinfo-')), 'document.pdf');
  await writeFile(file, pdf);
  const { stdout } = await promisify(execFile)('pdfinfo', [file]);
  return Object.fromEntries(
    stdout.split('\n').map((line) => [line.split(':')[0] ?? '', line.replace(/^[^:]*:\s*/, '')]),
  );
}

const longTable = (rows: number): PdfDocument['blocks'][number] => ({
  kind: 'table',
  columns: [{ header: '番号', width: 1 }, { header: '日時', width: 2 }, { header: '内容' }],
  rows: Array.from({ length: rows }, (_, i) => [
    String(i + 1),
    `2026年4月${(i % 28) + 1}日`,
    `閲覧（${'氏名、住所、電話番号、'.repeat((i % 3) + 1)}メールアドレス）`,
  ]),
});

describe('pdfFile (the one PDF writer)', () => {
  const japanese: PdfDocument = {
    title: '受付のお知らせ',
    lang: 'ja',
    footer: 'R-2026-0001',
    blocks: [
      { kind: 'lines', lines: ['2026年4月3日（金）'], align: 'right' },
      { kind: 'lines', lines: ['〒530-0001 大阪府大阪市北区梅田1-2-3', '山田 花子 様'] },
      { kind: 'heading', text: '記' },
      { kind: 'paragraph', text: '保有個人データの開示の請求を、下記のとおり受け付けました。' },
      {
        kind: 'fields',
        rows: [
          { label: '請求番号', value: 'R-2026-0001' },
          { label: '氏名', value: '' },
        ],
      },
      { kind: 'list', items: ['運転免許証', '旅券（パスポート）'] },
      { kind: 'checkboxes', options: ['書面の交付', '電磁的記録の提供'] },
      longTable(90),
      { kind: 'code', lines: [ROOT] },
      { kind: 'signature', lines: ['個人情報センター'] },
      { kind: 'checkpoint', stamp },
    ],
  };

  it('writes Japanese that pdftotext reads back, with page numbers and the header on every page', async () => {
    const pdf = await pdfFile(japanese);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfToText(pdf);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, page] of pages.entries()) {
      // Printed "1 / 7"; pdftotext drops spaces when a line's only gaps are spaces.
      expect(page).toMatch(new RegExp(`\\b${i + 1} ?/ ?${pages.length}\\s*$`));
      expect(page).toContain('R-2026-0001');
    }
    expect(text).toContain('保有個人データの開示の請求を、下記のとおり受け付けました。');
    expect(text).toContain('山田 花子 様');
    expect(text).toContain('□ 電磁的記録の提供');
    // The table's header repeats on each page it spans.
    const headed = pages.filter((p) => /番号\s+日時\s+内容/.test(p)).length;
    expect(headed).toBeGreaterThanOrEqual(2);
    expect(text).toContain('90');
    // The full root hash, on one line, in the checkpoint block and the code block.
    expect(text.split(ROOT).length - 1).toBe(2);
    expect(text).toContain('48,213');
    expect(text).toContain('node tools/verify-ledger.js');
  });

  it('puts the title in the metadata and the checkpoint time as the creation date', async () => {
    const pdf = await pdfFile(japanese);
    const info = await pdfInfo(pdf);
    expect(info.Title).toBe('受付のお知らせ');
    expect(info.Creator).toBe('Daicho');
    expect(info['Page size']).toContain('595.28 x 841.89'); // A4
    // The same document on the same checkpoint comes out byte for byte the same.
    expect((await pdfFile(japanese)).equals(pdf)).toBe(true);
  });

  it('writes English, the checkpoint block included', async () => {
    const text = await pdfToText(
      await pdfFile({
        title: 'Acknowledgement of your request',
        lang: 'en',
        blocks: [
          { kind: 'paragraph', text: 'We received your request for disclosure.' },
          { kind: 'checkpoint', stamp },
        ],
      }),
    );
    expect(text).toContain('Acknowledgement of your request');
    expect(text).toContain('Ledger checkpoint');
    expect(text).toContain(ROOT);
    expect(text).toContain('How to verify');
    expect(text).toMatch(/Fri 3 April 2026, 10:15:30 JST/);
    expect(text).toMatch(/\b1 ?\/ ?1\s*$/);
  });

  it('fails with the package to install when pdftotext is missing, instead of passing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent'; // an empty PATH would fall back to /usr/bin
    try {
      await expect(pdfToText(Buffer.from('%PDF-1.3'))).rejects.toThrow(/install poppler-utils/);
    } finally {
      process.env.PATH = path;
    }
  });
});
