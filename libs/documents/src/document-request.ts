import { BadUserInputError, isLang, type Lang } from '@daicho/platform';
import type { Response } from 'express';

/** The formats every export is written in. */
export type DocumentFormat = 'csv' | 'xlsx';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['csv', 'xlsx'];

/** A finished document: what to call it, what it is, its bytes. */
export interface DocumentFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export const CONTENT_TYPES: Record<DocumentFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The format and language a caller asked for, parsed once for the HTTP routes and the CLI
 * alike; Japanese unless English is asked for. `names` words the refusal for the caller's
 * surface (a query parameter or a CLI flag).
 */
export function parseDocumentRequest(
  sent: { format?: string; lang?: string },
  names: { document: string; format: string; lang: string } = {
    document: 'document',
    format: 'format',
    lang: 'lang',
  },
): { format: DocumentFormat; lang: Lang } {
  const format = sent.format ?? 'xlsx';
  if (!DOCUMENT_FORMATS.includes(format as DocumentFormat)) {
    throw new BadUserInputError(
      `${names.format} must be csv or xlsx (the ${names.document} downloads as either).`,
      ['format'],
    );
  }
  return { format: format as DocumentFormat, lang: parseLang(sent.lang, names.lang) };
}

/**
 * The language a caller asked for, Japanese unless English is asked for (a letter or form has
 * one format, so only its language is chosen). `name` words the refusal for the caller's surface.
 */
export function parseLang(sent?: string, name = 'lang'): Lang {
  const lang = sent ?? 'ja';
  if (!isLang(lang)) throw new BadUserInputError(`${name} must be ja or en.`, ['lang']);
  return lang;
}

/** Sends a document as a download that no cache keeps (it may hold personal data). */
export function sendDocument(res: Response, file: DocumentFile): void {
  res
    .status(200)
    .set({
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    })
    .send(file.body);
}
