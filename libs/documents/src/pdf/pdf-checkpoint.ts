import type { Lang } from '@daicho/platform';
import type { LocalizedText } from '../lang';
import { dateTimeText } from './date-text';
import { writeHeading, writeParagraph } from './pdf-blocks';
import type { CheckpointStamp } from './pdf-document';
import { COLOR, contentBox, GAP, keepRoom, rule, SIZE, style, type Pdf } from './pdf-layout';

const t = (ja: string, en: string): LocalizedText => ({ ja, en });

const TEXT = {
  heading: t('台帳チェックポイント', 'Ledger checkpoint'),
  lead: t(
    '本書は、次の署名付きチェックポイントの時点の台帳（アクセス記録）に基づいて作成しました。',
    'This document was made from the ledger (the record of every access) as of this signed checkpoint.',
  ),
  origin: t('台帳名（origin）', 'Ledger (origin)'),
  treeSize: t('記録件数（tree size）', 'Entries (tree size)'),
  rootHash: t('ルートハッシュ（SHA-256、16進）', 'Root hash (SHA-256, hex)'),
  signedAt: t('署名時刻', 'Signed at'),
  key: t('署名鍵', 'Signing key'),
  signature: t('署名行', 'Signature line'),
  verify: t(
    '確認方法：当社から台帳の公開鍵と、上記の記録件数の署名付きチェックポイントを入手し、それを含む証跡バンドルに対して「node tools/verify-ledger.js BUNDLE.tar --public-key 公開鍵 --trusted-checkpoint チェックポイント」を実行してください。署名と、台帳がこのチェックポイントを書き換えずに引き継いでいることが確認されます。チェックポイントの記録件数とルートハッシュ（ノートではBase64表記）が本書の記載と一致すれば、本書はその時点の台帳に基づいています。',
    'How to verify: obtain from us the ledger\'s public key and the signed checkpoint of the tree size above, and run "node tools/verify-ledger.js BUNDLE.tar --public-key KEY --trusted-checkpoint CHECKPOINT" on an evidence bundle that covers it. It checks the signature and that the ledger extends this checkpoint unaltered. If the checkpoint\'s tree size and root hash (base64 in the note) match those printed here, this document was made from the ledger in that state.',
  ),
};

/** Courier's baseline sits this much higher than Noto Sans JP's at the same top (8 pt). */
const MONO_BASELINE = 4;

/** A label and its value; `mono` sets a machine value in a fixed-width font. */
function stampRow(doc: Pdf, label: string, value: string, mono: 'hash' | 'wrap' | false): void {
  const { left, width } = contentBox(doc);
  const labelWidth = Math.round(width * 0.3);
  const y = doc.y;
  style(doc, 'bold', SIZE.small, COLOR.muted).text(label, left, y + 1, { width: labelWidth });
  const labelEnd = doc.y;
  // The root hash stays on one line (64 digits fit), so a search of the text for it finds it.
  style(doc, mono ? 'mono' : 'regular', mono ? SIZE.mono : SIZE.small + 1).text(
    value,
    left + labelWidth + GAP.pad * 2,
    y + (mono ? MONO_BASELINE : 0),
    { width: width - labelWidth - GAP.pad * 2, lineBreak: mono !== 'hash' },
  );
  doc.y = Math.max(doc.y, labelEnd) + 1;
}

/**
 * The ledger checkpoint a document rests on, and how the reader checks it: the facts a letter
 * states about accesses can then be traced to a state of the ledger the company cannot rewrite
 * without the change showing (RFC 9162 consistency against the signed checkpoint).
 */
export function writeCheckpoint(doc: Pdf, stamp: CheckpointStamp, lang: Lang): void {
  // A base64 root (as the signed note has it) or a cut one would print a hash nobody can match.
  if (!/^[0-9a-f]{64}$/.test(stamp.rootHash)) {
    throw new Error('a checkpoint stamp needs the root hash as 64 lowercase hex digits');
  }
  // The whole block on one page: heading, lead and rows (about 135 pt) and the paragraph.
  style(doc, 'regular', SIZE.small);
  const { width } = contentBox(doc);
  keepRoom(doc, 135 + doc.heightOfString(TEXT.verify[lang], { width, lineGap: 2 }));
  doc.y += GAP.pad;
  writeHeading(doc, TEXT.heading[lang], 2);
  writeParagraph(doc, TEXT.lead[lang]);
  const { left } = contentBox(doc);
  rule(doc, left, doc.y, width);
  doc.y += 3;
  stampRow(doc, TEXT.origin[lang], stamp.origin, false);
  stampRow(doc, TEXT.treeSize[lang], stamp.treeSize.toLocaleString('en-US'), false);
  stampRow(doc, TEXT.rootHash[lang], stamp.rootHash, 'hash');
  stampRow(doc, TEXT.signedAt[lang], dateTimeText(stamp.signedAt, lang), false);
  stampRow(doc, TEXT.key[lang], `${stamp.keyName} (Ed25519)`, false);
  if (stamp.signature !== undefined) {
    stampRow(doc, TEXT.signature[lang], `— ${stamp.keyName} ${stamp.signature}`, 'wrap');
  }
  rule(doc, left, doc.y, width);
  doc.y += GAP.block;
  writeParagraph(doc, TEXT.verify[lang], true);
}
