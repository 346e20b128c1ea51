/** The languages documents are written in, and a text in each. */
export type DocumentLang = 'ja' | 'en';
export interface LocalizedText {
  ja: string;
  en: string;
}
