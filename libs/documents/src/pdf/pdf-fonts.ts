import { readFile } from 'node:fs/promises';

/**
 * Noto Sans JP (SIL Open Font License 1.1) from the npm package @expo-google-fonts/noto-sans-jp,
 * so a fresh clone has it after `npm ci`. Static TrueType files: pdfkit's fontkit embeds only the
 * glyphs a document uses, so a letter stays small. Resolved through Node's module resolution,
 * never by a path into node_modules.
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;

export type FontWeight = keyof typeof FONT_FILES;
export type FontSet = Record<FontWeight, Buffer>;

/** The names the writer registers the fonts under; Courier (a PDF standard font) for hashes. */
export const FONT = { regular: 'body', bold: 'body-bold', mono: 'Courier' } as const;

let loading: Promise<FontSet> | undefined;

/** The font files, read once per process (5 MB each) and kept. */
export function japaneseFonts(): Promise<FontSet> {
  loading ??= Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  // A failed read is reported to its caller and tried again by the next one.
  void loading.catch(() => (loading = undefined));
  return loading;
}
