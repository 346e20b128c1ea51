export type { DocumentLang, LocalizedText } from './lang';
export { csvFile, neutraliseFormula, type CellValue, type CsvColumn } from './csv-writer';
export { xlsxFile, sheetName, type XlsxColumn, type XlsxSheet } from './xlsx-writer';
export {
  LABELS,
  labelOf,
  presence,
  required,
  countryName,
  listOf,
  type LabelTable,
} from './labels';
export {
  parseDocumentRequest,
  parseLang,
  sendDocument,
  DOCUMENT_FORMATS,
  CONTENT_TYPES,
  type DocumentFormat,
  type DocumentFile,
} from './document-request';
export {
  PDF_CONTENT_TYPE,
  type PdfDocument,
  type PdfBlock,
  type PdfColumn,
  type PdfField,
  type CheckpointStamp,
} from './pdf/pdf-document';
export { pdfFile } from './pdf/pdf-writer';
export { RenderedOnce } from './pdf/rendered-once';
export { pdfToText } from './pdf/pdf-text';
export { dateText, dateTimeText, yenText } from './pdf/date-text';
export { fileDigest } from './file-digest';
