import { pack } from 'tar-stream';
import { csvFile, type DocumentFile } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { LetterData, ResponseContent } from '../letters/letter-data';
import { RequestKind } from '../request-enums';

type Disclosure = Extract<ResponseContent, { kind: RequestKind.DISCLOSURE }>;

/** The machine-readable files of an electronic disclosure (APPI art. 33(1): by electronic record). */
export interface DisclosureFiles {
  json: Buffer;
  csv: Buffer;
}

/**
 * The disclosure as data: every value held (JSON and CSV, the same rows), the accesses with
 * their sequence numbers, and the ledger proofs document the offline verifier checks.
 */
export function disclosureFiles(
  data: LetterData,
  content: Disclosure,
  proofs: unknown,
  lang: Lang,
): DisclosureFiles {
  const json = {
    format: 'daicho-disclosure/1',
    request: {
      number: data.number,
      receivedAt: data.receivedAt.toISOString(),
      handlingStartsOn: data.handlingStartsOn,
      art39On: data.art39On,
      madeOn: data.madeOn,
    },
    records: content.records.map((r) => ({
      recordId: r.recordId,
      category: r.category,
      collectedOn: r.collectedOn,
      items: r.items.map((i) => ({ item: i.label, value: i.value })),
      withheld: r.withheld,
    })),
    // The part a PARTIAL decision held back, as the letter names it (null: none, or unnamed).
    withheld: data.decision?.withheld ?? null,
    accesses: content.accesses.map((a) => ({ ...a, at: a.at.toISOString() })),
    checkpoint: data.checkpoint,
    inclusionProofs: content.proofs,
    proofs,
  };
  const rows = content.records.flatMap((r) =>
    r.items.map((i) => ({
      category: r.category[lang],
      recordId: r.recordId,
      collectedOn: r.collectedOn,
      item: i.label[lang],
      value: i.value,
    })),
  );
  const ja = lang === 'ja';
  const csv = csvFile(
    [
      { key: 'category', header: ja ? '区分' : 'Category' },
      { key: 'recordId', header: ja ? '記録ID' : 'Record ID' },
      { key: 'collectedOn', header: ja ? '取得日' : 'Collected on' },
      { key: 'item', header: ja ? '項目' : 'Item' },
      { key: 'value', header: ja ? '内容' : 'Value' },
    ],
    rows,
  );
  return { json: Buffer.from(`${JSON.stringify(json, null, 2)}\n`, 'utf8'), csv };
}

/** One download holding the letter and the files (a tar: Windows, macOS and Linux open it). */
export async function packageFile(
  number: string,
  lang: Lang,
  files: Record<string, Buffer>,
): Promise<DocumentFile> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    if (Buffer.isBuffer(chunk)) chunks.push(chunk);
  });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const [name, body] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, body);
  archive.finalize();
  await done;
  return {
    filename: `${number}-disclosure-${lang}.tar`,
    contentType: 'application/x-tar',
    body: Buffer.concat(chunks),
  };
}
