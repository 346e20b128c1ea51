import type { Lang } from '@daicho/platform';

export const PDF_CONTENT_TYPE = 'application/pdf';

/**
 * The ledger checkpoint a document was built on, as the signed note states it (C2SP
 * tlog-checkpoint): whoever holds the ledger's public key can check that the ledger still
 * extends it, so a letter shows which state of the ledger its facts come from.
 */
export interface CheckpointStamp {
  /** The ledger's name (the note's first line). */
  origin: string;
  treeSize: number;
  /** The RFC 9162 Merkle root, 64 hex digits (the note carries it in base64). */
  rootHash: string;
  /** The checkpoint's time. */
  signedAt: Date;
  /** The name of the key that signed it (the same as the origin, as C2SP recommends). */
  keyName: string;
  /** The note's signature line after the key name (base64 of key id and signature), if known. */
  signature?: string;
}

export interface PdfColumn {
  header: string;
  /** Relative width; columns without one share the rest equally. */
  width?: number;
}

export interface PdfField {
  label: string;
  /** An empty value prints a line to write on (a blank form). */
  value: string;
  /** Lines to write on when the value is empty (1 unless said). */
  blankLines?: number;
}

/** What a page shows, top to bottom; the writer lays it out and breaks pages. */
export type PdfBlock =
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string; small?: boolean }
  | { kind: 'list'; items: string[] }
  | { kind: 'checkboxes'; options: string[] }
  | { kind: 'fields'; rows: PdfField[] }
  | { kind: 'table'; columns: PdfColumn[]; rows: string[][] }
  | { kind: 'lines'; lines: string[]; align?: 'left' | 'right' }
  /** A letterhead: the addressee on the left, the sender on the right, side by side. */
  | { kind: 'addresses'; to: string[]; from: string[] }
  | { kind: 'code'; lines: string[] }
  | { kind: 'checkpoint'; stamp: CheckpointStamp }
  | { kind: 'signature'; lines: string[] }
  | { kind: 'spacer' }
  | { kind: 'pageBreak' };

export interface PdfDocument {
  title: string;
  lang: Lang;
  blocks: PdfBlock[];
  /** Printed at the foot of every page beside the page number (e.g. the request number). */
  footer?: string;
  /**
   * The creation date in the PDF's metadata. Defaults to the time of the first checkpoint block,
   * so the same letter built twice on the same checkpoint comes out the same.
   */
  createdAt?: Date;
}
