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
  sendDocument,
  DOCUMENT_FORMATS,
  CONTENT_TYPES,
  type DocumentFormat,
  type DocumentFile,
} from './document-request';
