import type PDFDocument from 'pdfkit';
import { FONT } from './pdf-fonts';

/** A pdfkit document being written. */
export type Pdf = typeof PDFDocument;

/** A4 with 20 mm sides; the foot keeps room for the page number. */
export const PAGE = {
  size: 'A4',
  margins: { top: 56, bottom: 64, left: 56, right: 56 },
} as const;

export const SIZE = { title: 16, heading: 12, subheading: 10.5, body: 9.5, small: 8, mono: 8 };
export const COLOR = { text: '#111111', muted: '#555555', rule: '#9a9a9a', fill: '#ececec' };
/** Space after a block, and inside table cells and field rows. */
export const GAP = { block: 9, pad: 3 };

export type FontRole = keyof typeof FONT;

/** Sets the font, size and colour of what is written next. */
export function style(doc: Pdf, font: FontRole, size: number, color = COLOR.text): Pdf {
  return doc.font(FONT[font]).fontSize(size).fillColor(color);
}

/** The printable area of the current page. */
export function contentBox(doc: Pdf): { left: number; width: number; top: number; bottom: number } {
  const { margins, width, height } = doc.page;
  return {
    left: margins.left,
    width: width - margins.left - margins.right,
    top: margins.top,
    bottom: height - margins.bottom,
  };
}

/** Starts a new page unless `height` still fits on this one (a fresh page always takes it). */
export function keepRoom(doc: Pdf, height: number): void {
  const { top, bottom } = contentBox(doc);
  if (doc.y + height > bottom && doc.y > top + 1) doc.addPage();
}

/** The height of `text` in the current font when wrapped at `width`. */
export const heightOf = (doc: Pdf, text: string, width: number): number =>
  text === '' ? doc.currentLineHeight(true) : doc.heightOfString(text, { width });

/** A thin horizontal rule. */
export function rule(doc: Pdf, x: number, y: number, width: number, color = COLOR.rule): void {
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(color)
    .moveTo(x, y)
    .lineTo(x + width, y)
    .stroke();
  doc.restore();
}
