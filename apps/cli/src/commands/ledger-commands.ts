import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import {
  EvidenceExporter,
  Ledger,
  LedgerKeys,
  sequenceNumber,
  type ExportSummary,
} from '@daicho/ledger';
import { BadUserInputError, LedgerAction } from '@daicho/platform';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { cliOperator } from '../cli-operator';
import { writeRecordedFile } from '../output-file';

export interface LedgerExportOptions {
  from?: string;
  to?: string;
  out?: string;
}

/** `ledger:export`: an evidence bundle for an outside auditor, and an EXPORT entry saying so. */
export async function ledgerExport(
  app: INestApplicationContext,
  options: LedgerExportOptions,
): Promise<void> {
  if (!options.out) throw new BadUserInputError('--out FILE is required.', ['out']);
  const range = {
    fromSeq: sequenceNumber(options.from, 'from', '--from'),
    toSeq: sequenceNumber(options.to, 'to', '--to'),
  };
  const bar = new SingleBar(
    { format: 'exporting entries [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const out = options.out;
  // Recorded with the digest of the very bytes, then left under its own name (writeRecordedFile).
  const summary = await writeRecordedFile(out, async (file) => {
    const summary = await app.get(EvidenceExporter).export(file.path, range, (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    });
    if (started) bar.stop();
    const sha256 = await fileDigest(file.path);
    await file.publish();
    await app.get(Ledger).append(
      {
        manager: app.get(DataSource).manager,
        requestId: randomUUID(),
        actor: { kind: 'SYSTEM', id: cliOperator().id, role: null },
      },
      {
        action: LedgerAction.EXPORT,
        targetType: 'LedgerEvidence',
        details: {
          fromSeq: summary.fromSeq,
          toSeq: summary.toSeq,
          entries: summary.entries,
          sha256,
        },
      },
    );
    return summary;
  });
  report(app, out, summary);
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function report(app: INestApplicationContext, out: string, summary: ExportSummary): void {
  const key = app.get(LedgerKeys).verifierKey;
  console.log(
    `Wrote ${out}: entries ${summary.fromSeq}–${summary.toSeq} (${summary.entries}), ` +
      `${summary.checkpoints} checkpoints, ${summary.bytes} bytes.`,
  );
  console.log(
    `Check it anywhere with:\n  node tools/verify-ledger.js ${out} --public-key '${key}'`,
  );
}
