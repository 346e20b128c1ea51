import type { PdfColumn } from './pdf-document';
import { COLOR, contentBox, GAP, heightOf, keepRoom, SIZE, style, type Pdf } from './pdf-layout';

/** Column widths in points: relative widths shared out, unsized columns alike. */
export function columnWidths(columns: readonly PdfColumn[], total: number): number[] {
  const sized = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const unsized = columns.filter((c) => c.width === undefined).length;
  const each = unsized === 0 ? 0 : Math.max(1, sized) / Math.max(columns.length, 1);
  const weights = columns.map((c) => c.width ?? each);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return weights.map((w) => (w / sum) * total);
}

interface Grid {
  left: number;
  widths: number[];
}

function rowHeight(doc: Pdf, cells: readonly string[], grid: Grid, bold: boolean): number {
  style(doc, bold ? 'bold' : 'regular', SIZE.small);
  const heights = grid.widths.map((w, i) => heightOf(doc, cells[i] ?? '', w - GAP.pad * 2));
  return Math.max(...heights) + GAP.pad * 2;
}

function drawRow(doc: Pdf, cells: readonly string[], grid: Grid, header: boolean): void {
  const y = doc.y;
  // A row taller than what is left of a fresh page is cut with an ellipsis.
  const height = Math.min(rowHeight(doc, cells, grid, header), contentBox(doc).bottom - y);
  const total = grid.widths.reduce((a, b) => a + b, 0);
  if (header) doc.save().rect(grid.left, y, total, height).fill(COLOR.fill).restore();
  let x = grid.left;
  grid.widths.forEach((width, i) => {
    style(doc, header ? 'bold' : 'regular', SIZE.small).text(
      cells[i] ?? '',
      x + GAP.pad,
      y + GAP.pad,
      { width: width - GAP.pad * 2, height: height - GAP.pad * 2, ellipsis: true },
    );
    doc.save().lineWidth(0.5).strokeColor(COLOR.rule).rect(x, y, width, height).stroke();
    doc.restore();
    x += width;
  });
  doc.x = grid.left;
  doc.y = y + height;
}

/** A ruled table whose cells wrap; a row never splits, and the header repeats on every page. */
export function writeTable(
  doc: Pdf,
  columns: readonly PdfColumn[],
  rows: readonly (readonly string[])[],
): void {
  const { left, width } = contentBox(doc);
  const grid: Grid = { left, widths: columnWidths(columns, width) };
  const headers = columns.map((c) => c.header);
  const headerHeight = rowHeight(doc, headers, grid, true);
  keepRoom(doc, headerHeight + (rows[0] ? rowHeight(doc, rows[0], grid, false) : 0));
  drawRow(doc, headers, grid, true);
  let headerOnly = true;
  for (const row of rows) {
    const height = rowHeight(doc, row, grid, false);
    if (doc.y + height > contentBox(doc).bottom && !headerOnly) {
      doc.addPage();
      drawRow(doc, headers, grid, true);
    }
    drawRow(doc, row, grid, false);
    headerOnly = false;
  }
  doc.y += GAP.block;
}
