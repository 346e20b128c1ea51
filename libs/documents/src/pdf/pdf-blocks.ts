import type { PdfField } from './pdf-document';
import {
  COLOR,
  contentBox,
  GAP,
  heightOf,
  keepRoom,
  rule,
  SIZE,
  style,
  type Pdf,
} from './pdf-layout';

/** The label column of a field list, as a share of the line. */
const LABEL_SHARE = 0.3;
/** The height of a blank to write on in a form. */
const BLANK_HEIGHT = 24;

export function writeTitle(doc: Pdf, title: string): void {
  const { left, width } = contentBox(doc);
  style(doc, 'bold', SIZE.title).text(title, left, doc.y, { width, align: 'center' });
  doc.y += GAP.block * 1.5;
}

export function writeHeading(doc: Pdf, text: string, level: 1 | 2): void {
  const { left, width } = contentBox(doc);
  const size = level === 1 ? SIZE.heading : SIZE.subheading;
  style(doc, 'bold', size);
  // A heading never ends a page: keep room for it and two lines of what follows.
  keepRoom(doc, heightOf(doc, text, width) + 3 * SIZE.body * 1.6);
  doc.y += level === 1 ? 4 : 2;
  doc.text(text, left, doc.y, { width });
  if (level === 1) rule(doc, left, doc.y + 1, width);
  doc.y += 5;
}

export function writeParagraph(doc: Pdf, text: string, small = false): void {
  const { left, width } = contentBox(doc);
  style(doc, 'regular', small ? SIZE.small : SIZE.body, small ? COLOR.muted : COLOR.text);
  doc.text(text, left, doc.y, { width, lineGap: 2 });
  doc.y += GAP.block;
}

/** Items after a marker, wrapped under their own start (・ in Japanese, • in English). */
export function writeList(doc: Pdf, items: readonly string[], marker: string): void {
  const { left, width } = contentBox(doc);
  const indent = SIZE.body * 1.4;
  style(doc, 'regular', SIZE.body);
  for (const item of items) {
    keepRoom(doc, heightOf(doc, item, width - indent));
    const y = doc.y;
    doc.text(marker, left, y, { width: indent, lineBreak: false });
    doc.text(item, left + indent, y, { width: width - indent, lineGap: 1 });
    doc.y += 2;
  }
  doc.y += GAP.block - 2;
}

/** Label and value side by side; a long value wraps in its column, an empty one is a blank. */
export function writeFields(doc: Pdf, rows: readonly PdfField[]): void {
  const { left, width, top, bottom } = contentBox(doc);
  const labelWidth = Math.round(width * LABEL_SHARE);
  const valueX = left + labelWidth + GAP.pad * 2;
  const valueWidth = width - labelWidth - GAP.pad * 2;
  for (const { label, value, blankLines = 1 } of rows) {
    style(doc, 'bold', SIZE.body);
    const labelHeight = heightOf(doc, label, labelWidth);
    style(doc, 'regular', SIZE.body);
    const valueHeight = value === '' ? BLANK_HEIGHT * blankLines : heightOf(doc, value, valueWidth);
    const height = Math.max(labelHeight, valueHeight) + GAP.pad * 2;
    if (height <= bottom - top) keepRoom(doc, height);
    const y = doc.y;
    style(doc, 'bold', SIZE.body, COLOR.muted).text(label, left, y + GAP.pad, {
      width: labelWidth,
    });
    if (value === '') {
      for (let line = blankLines - 1; line >= 0; line--) {
        rule(doc, valueX, y + height - GAP.pad - line * BLANK_HEIGHT, valueWidth, COLOR.text);
      }
      doc.y = y + height;
    } else {
      // A value longer than a page flows on to the next one (pdfkit breaks the page).
      const page = doc.page;
      style(doc, 'regular', SIZE.body).text(value, valueX, y + GAP.pad, { width: valueWidth });
      doc.y = doc.page === page ? y + height : doc.y + GAP.pad;
      rule(doc, left, doc.y, width, COLOR.fill);
    }
  }
  doc.y += GAP.block;
}

/** Lines of text, as an address or a date line is set. */
export function writeLines(doc: Pdf, lines: readonly string[], align: 'left' | 'right'): void {
  const { left, width } = contentBox(doc);
  style(doc, 'regular', SIZE.body);
  keepRoom(doc, lines.length * doc.currentLineHeight(true));
  for (const line of lines) doc.text(line, left, doc.y, { width, align });
  doc.y += GAP.block;
}

/** The addressee (left) and the sender (right) side by side, as a letterhead sets them. */
export function writeAddresses(doc: Pdf, to: readonly string[], from: readonly string[]): void {
  const { left, width } = contentBox(doc);
  const half = (width - GAP.block) / 2;
  const y = doc.y;
  style(doc, 'regular', SIZE.body);
  for (const line of to) doc.text(line, left, doc.y, { width: half });
  const toEnd = doc.y;
  doc.y = y;
  style(doc, 'regular', SIZE.small + 0.5);
  for (const line of from)
    doc.text(line, left + half + GAP.block, doc.y, { width: half, align: 'right' });
  doc.y = Math.max(doc.y, toEnd) + GAP.block;
}

/** The sender's name and title, right-aligned after a space, as a Japanese letter closes. */
export function writeSignature(doc: Pdf, lines: readonly string[]): void {
  doc.y += GAP.block;
  writeLines(doc, lines, 'right');
}

/** Hashes and other machine text in a fixed-width font, one line each, never wrapped. */
export function writeCode(doc: Pdf, lines: readonly string[]): void {
  const { left, width } = contentBox(doc);
  style(doc, 'mono', SIZE.mono);
  for (const line of lines) {
    keepRoom(doc, doc.currentLineHeight(true));
    doc.text(line, left, doc.y, { width, lineBreak: false });
  }
  doc.y += GAP.block;
}

/** Options to tick on a paper form: □ and the text. */
export function writeCheckboxes(doc: Pdf, options: readonly string[]): void {
  writeList(doc, options, '□');
}
