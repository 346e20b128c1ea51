import PDFDocument from 'pdfkit';
import {
  writeAddresses,
  writeCheckboxes,
  writeCode,
  writeFields,
  writeHeading,
  writeLines,
  writeList,
  writeParagraph,
  writeSignature,
  writeTitle,
} from './pdf-blocks';
import { writeCheckpoint } from './pdf-checkpoint';
import type { PdfBlock, PdfDocument } from './pdf-document';
import { FONT, japaneseFonts } from './pdf-fonts';
import { COLOR, contentBox, GAP, PAGE, SIZE, style, type Pdf } from './pdf-layout';
import { writeTable } from './pdf-table';

function writeBlock(doc: Pdf, block: PdfBlock, lang: PdfDocument['lang']): void {
  switch (block.kind) {
    case 'heading':
      return writeHeading(doc, block.text, block.level ?? 1);
    case 'paragraph':
      return writeParagraph(doc, block.text, block.small);
    case 'list':
      return writeList(doc, block.items, lang === 'ja' ? '・' : '•');
    case 'checkboxes':
      return writeCheckboxes(doc, block.options);
    case 'fields':
      return writeFields(doc, block.rows);
    case 'table':
      return writeTable(doc, block.columns, block.rows);
    case 'lines':
      return writeLines(doc, block.lines, block.align ?? 'left');
    case 'addresses':
      return writeAddresses(doc, block.to, block.from);
    case 'code':
      return writeCode(doc, block.lines);
    case 'checkpoint':
      return writeCheckpoint(doc, block.stamp, lang);
    case 'signature':
      return writeSignature(doc, block.lines);
    case 'spacer':
      doc.y += GAP.block * 2;
      return;
    case 'pageBreak':
      doc.addPage();
      return;
  }
}

/** "1 / 3" and the footer text at the foot of every page, once the page count is known. */
function writeFooters(doc: Pdf, footer: string | undefined): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { left, width } = contentBox(doc);
    const y = doc.page.height - PAGE.margins.bottom + 20;
    // Writing below the bottom margin would make pdfkit start a page; lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    style(doc, 'regular', SIZE.small, COLOR.muted);
    const line = doc.currentLineHeight(true);
    if (footer) doc.text(footer, left, y, { width: width * 0.8, height: line, ellipsis: true });
    doc.text(`${i - start + 1} / ${count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** The first checkpoint block's time: the state of the ledger the document was made from. */
const stampTime = (doc: PdfDocument): Date | undefined =>
  doc.blocks.find((b) => b.kind === 'checkpoint')?.stamp.signedAt;

/**
 * The one PDF writer of every letter and form: A4, Noto Sans JP embedded as a subset (a
 * Japanese letter must print the same on any reader), the title in the metadata, blocks laid
 * out top to bottom with page breaks, and "page / pages" at every foot.
 */
export async function pdfFile(model: PdfDocument): Promise<Buffer> {
  const fonts = await japaneseFonts();
  const doc: Pdf = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margins,
    bufferPages: true,
    lang: model.lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: {
      Title: model.title,
      Creator: 'Daicho',
      Producer: 'Daicho (pdfkit)',
      CreationDate: model.createdAt ?? stampTime(model) ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  writeTitle(doc, model.title);
  for (const block of model.blocks) writeBlock(doc, block, model.lang);
  writeFooters(doc, model.footer);
  doc.end();
  return done;
}
