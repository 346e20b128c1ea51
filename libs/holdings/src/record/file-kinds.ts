import { BadUserInputError } from '@daicho/platform';

/**
 * What a file item may hold. Only formats a browser will not run as a page or a script: raster
 * images for photos and camera stills, audio for call recordings. SVG, HTML, PDF and the like are
 * refused (an SVG "face image" with a script in it was served back as image/svg+xml).
 */
export type FileKind = 'IMAGE' | 'AUDIO';

/** The content types each kind admits, as stored and served (canonical names). */
export const FILE_TYPES: Record<FileKind, readonly string[]> = {
  IMAGE: ['image/jpeg', 'image/png', 'image/webp'],
  AUDIO: ['audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/mp4', 'audio/webm', 'audio/flac'],
};

/** The catalog's file items and their kind; any other file item by its name (…Image, …Recording). */
const ITEM_KINDS: Record<string, FileKind> = {
  faceImage: 'IMAGE',
  image: 'IMAGE',
  voiceRecording: 'AUDIO',
};

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-flac': 'audio/flac',
};

export function fileKindOf(itemKey: string): FileKind | null {
  if (Object.hasOwn(ITEM_KINDS, itemKey)) return ITEM_KINDS[itemKey] ?? null;
  if (/image$/i.test(itemKey)) return 'IMAGE';
  if (/(recording|audio|voice)$/i.test(itemKey)) return 'AUDIO';
  return null;
}

const startsWith = (bytes: Buffer, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

/** The content type the bytes themselves show (their magic number), or null for anything else. */
export function sniffContentType(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WAVE'), 8)) return 'audio/wav';
  if (startsWith(bytes, ascii('ID3'))) return 'audio/mpeg';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)
    return 'audio/mpeg';
  if (startsWith(bytes, ascii('OggS'))) return 'audio/ogg';
  if (startsWith(bytes, ascii('fLaC'))) return 'audio/flac';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'audio/webm';
  if (
    startsWith(bytes, ascii('ftyp'), 4) &&
    /^(M4A |M4B |mp42|isom|dash)/.test(bytes.subarray(8, 12).toString('latin1'))
  )
    return 'audio/mp4';
  return null;
}

/**
 * The content type to store for an upload: the item's kind must admit it, and the bytes must be
 * what the client declared (a declared type is never taken on its word). BAD_USER_INPUT otherwise,
 * naming what is accepted.
 */
export function acceptedContentType(
  itemKey: string,
  declared: string | undefined,
  bytes: Buffer,
): string {
  const kind = fileKindOf(itemKey);
  if (!kind) {
    throw new BadUserInputError(`${itemKey} takes no files of a known kind.`, ['item']);
  }
  const allowed = FILE_TYPES[kind];
  const expected = `${itemKey} takes ${allowed.join(', ')}`;
  const sniffed = sniffContentType(bytes);
  if (!sniffed || !allowed.includes(sniffed)) {
    throw new BadUserInputError(`The file is not one of the accepted formats: ${expected}.`, [
      'body',
    ]);
  }
  if (declared !== undefined) {
    const name = (declared.split(';')[0] ?? '').trim().toLowerCase();
    const canonical = ALIASES[name] ?? name;
    if (canonical !== sniffed) {
      throw new BadUserInputError(
        `X-Content-Type does not match the file's content (${sniffed}); ${expected}.`,
        ['x-content-type'],
      );
    }
  }
  return sniffed;
}

/** How a stored file is served: its type only if still admitted, else as opaque bytes. */
export function servedContentType(itemKey: string, stored: string): string {
  const kind = fileKindOf(itemKey);
  return kind && FILE_TYPES[kind].includes(stored) ? stored : 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
};

/** A file name for Content-Disposition: the item key (never a value) and the type's extension. */
export function downloadName(itemKey: string, contentType: string): string {
  return `${itemKey}.${EXTENSIONS[contentType] ?? 'bin'}`;
}
