import type { Lang } from '@daicho/platform';

/** The languages documents are written in (the platform's), and a text in each. */
export type DocumentLang = Lang;
export type LocalizedText = Record<Lang, string>;
