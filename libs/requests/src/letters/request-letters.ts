import type { PdfDocument } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { RequestLetter } from '../request-enums';
import { acknowledgementLetter } from './acknowledgement-letter';
import type { LetterData } from './letter-data';
import { missingItemsLetter } from './missing-items-letter';
import { refusalLetter } from './refusal-letter';
import { responseLetter } from './response-letter';

/**
 * The letter of a request as a PDF model (write it with pdfFile): Japanese unless English is
 * asked for. Throws when the data cannot make that letter (nothing missing for a missing-items
 * letter, no refusal for a refusal, no answer content for a response).
 */
export function letterDocument(which: RequestLetter, data: LetterData, lang: Lang): PdfDocument {
  switch (which) {
    case RequestLetter.ACKNOWLEDGEMENT:
      return acknowledgementLetter(data, lang);
    case RequestLetter.MISSING_ITEMS:
      return missingItemsLetter(data, lang);
    case RequestLetter.RESPONSE:
      return responseLetter(data, lang);
    case RequestLetter.REFUSAL:
      return refusalLetter(data, lang);
  }
}
