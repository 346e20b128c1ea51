import {
  dateText,
  dateTimeText,
  labelOf,
  listOf,
  type PdfBlock,
  type PdfField,
} from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { RequestKind } from '../request-enums';
import type { DisclosedAccess, DisclosedRecord, InclusionProof, LetterData } from './letter-data';
import { aside, fill, t } from './letter-frame';

const TEXT = {
  records: t('開示する保有個人データ', 'The retained personal data disclosed'),
  none: t(
    '当社は、あなたに関する保有個人データを保有していません（法33条3項）。',
    'We hold no retained personal data about you (art. 33(3)).',
  ),
  record: t('記録ID {id}・取得日 {on}', 'record {id}, collected on {on}'),
  withheld: t('開示しない項目', 'Items not disclosed'),
  withheldWhy: t('（理由は「理由」の項のとおり）', ' (see the reasons)'),
  accesses: t('あなたの個人データへのアクセス記録', 'Accesses to your personal data'),
  accessesLead: t(
    '当社の台帳に記録された、上記の個人データへのアクセス等は次のとおりです。「番号」は台帳の通し番号で、各記録は付録の包含証明によって一件ずつ検証できます。',
    'These are the accesses to the data above that our ledger records. "No." is the ledger sequence number; the appendix lets you verify each entry on its own.',
  ),
  noAccesses: t('記録されたアクセスはありません。', 'The ledger records no access.'),
  columns: {
    seq: t('番号', 'No.'),
    at: t('日時', 'When'),
    action: t('操作', 'Action'),
    who: t('担当（役割・部署）', 'By (role, department)'),
    purpose: t('利用目的', 'Purpose'),
    items: t('項目', 'Items'),
  },
  appendix: t('付録　包含証明（RFC 9162）', 'Appendix: inclusion proofs (RFC 9162)'),
  appendixHow: t(
    '一件の記録を手元で検証する方法：証跡バンドルにある当該記録の正規形（RFC 8785）から、リーフハッシュ SHA-256(0x00‖記録) を計算し、下記の値と一致することを確かめます。次に、監査パスのハッシュを下から順に RFC 9162 2.1.3.2 の手順で結合します（SHA-256(0x01‖左‖右)。左右はリーフ番号と記録件数から決まります）。最後の値が本書のチェックポイントのルートハッシュと一致すれば、その記録はチェックポイントに含まれており、その後に書き換えられていません。SHA-256 を計算できる環境があれば、当社のシステムを使わずに確認できます。',
    "To verify one entry offline: compute its leaf hash, SHA-256(0x00 ‖ entry), from the entry's canonical form (RFC 8785) in the evidence bundle and check it equals the value below. Then fold in the audit path from the bottom up as RFC 9162 §2.1.3.2 describes (SHA-256(0x01 ‖ left ‖ right); the leaf index and the tree size decide left and right). If the result equals the root hash of this letter's checkpoint, the entry is in that checkpoint and has not been rewritten since. Any tool that computes SHA-256 will do; no system of ours is needed.",
  ),
  proof: t('通し番号 {seq}（リーフ番号 {index}）', 'Sequence number {seq} (leaf index {index})'),
};

function recordBlocks(record: DisclosedRecord, lang: Lang): PdfBlock[] {
  const heading = aside(
    record.category[lang],
    fill(TEXT.record[lang], { id: record.recordId, on: dateText(record.collectedOn, lang) }),
    lang,
  );
  const rows: PdfField[] = record.items.map((i) => ({ label: i.label[lang], value: i.value }));
  if (record.withheld.length > 0) {
    rows.push({
      label: TEXT.withheld[lang],
      value: `${listOf(
        record.withheld.map((w) => w[lang]),
        lang,
      )}${TEXT.withheldWhy[lang]}`,
    });
  }
  return [
    { kind: 'heading', text: heading, level: 2 },
    { kind: 'fields', rows },
  ];
}

const accessRow = (a: DisclosedAccess, lang: Lang): string[] => [
  String(a.seq),
  dateTimeText(a.at, lang),
  labelOf('ledgerAction', a.action, lang),
  [labelOf('role', a.role, lang), a.department].filter((v) => v !== null).join(' / '),
  a.purpose?.[lang] ?? '',
  listOf(
    a.items.map((i) => i[lang]),
    lang,
  ),
];

const proofBlocks = (p: InclusionProof, lang: Lang): PdfBlock[] => [
  {
    kind: 'heading',
    level: 2,
    text: fill(TEXT.proof[lang], { seq: String(p.seq), index: String(p.leafIndex) }),
  },
  {
    kind: 'code',
    lines: [
      `leaf  ${p.leafHash}`,
      ...p.auditPath.map((h, i) => `${String(i + 1).padStart(4, ' ')}  ${h}`),
    ],
  },
];

type Disclosure = Extract<NonNullable<LetterData['response']>, { kind: RequestKind.DISCLOSURE }>;

/** The records with their values, the withheld items, the accesses, and the proofs appendix. */
export function disclosureBlocks(content: Disclosure, lang: Lang): PdfBlock[] {
  const c = TEXT.columns;
  const blocks: PdfBlock[] = [{ kind: 'heading', text: TEXT.records[lang] }];
  if (content.records.length === 0) blocks.push({ kind: 'paragraph', text: TEXT.none[lang] });
  for (const record of content.records) blocks.push(...recordBlocks(record, lang));
  blocks.push(
    { kind: 'heading', text: TEXT.accesses[lang] },
    { kind: 'paragraph', text: TEXT.accessesLead[lang] },
  );
  if (content.accesses.length === 0) {
    blocks.push({ kind: 'paragraph', text: TEXT.noAccesses[lang] });
  } else {
    blocks.push({
      kind: 'table',
      columns: [
        { header: c.seq[lang], width: 0.8 },
        { header: c.at[lang], width: 2.2 },
        { header: c.action[lang], width: 1.3 },
        { header: c.who[lang], width: 1.8 },
        { header: c.purpose[lang], width: 1.8 },
        { header: c.items[lang], width: 2.2 },
      ],
      rows: content.accesses.map((a) => accessRow(a, lang)),
    });
  }
  return blocks;
}

/** The appendix, just before the checkpoint the proofs lead to: one proof per access listed. */
export function disclosureAppendix(content: Disclosure, lang: Lang): PdfBlock[] {
  if (content.proofs.length === 0) return [];
  return [
    { kind: 'pageBreak' },
    { kind: 'heading', text: TEXT.appendix[lang] },
    { kind: 'paragraph', text: TEXT.appendixHow[lang] },
    ...content.proofs.flatMap((p) => proofBlocks(p, lang)),
  ];
}
