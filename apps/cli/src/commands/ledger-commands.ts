import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EvidenceExporter, Ledger, LedgerKeys, sequenceNumber } from '@daicho/ledger';
import { BadUserInputError, LedgerAction } from '@daicho/platform';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { cliOperator } from '../cli-operator';

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
  const summary = await app.get(EvidenceExporter).export(options.out, range, (done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  });
  if (started) bar.stop();
  await app.get(Ledger).append(
    {
      manager: app.get(DataSource).manager,
      requestId: randomUUID(),
      actor: { kind: 'SYSTEM', id: cliOperator().id, role: null },
    },
    {
      action: LedgerAction.EXPORT,
      targetType: 'LedgerEvidence',
      details: { fromSeq: summary.fromSeq, toSeq: summary.toSeq, entries: summary.entries },
    },
  );
  const key = app.get(LedgerKeys).verifierKey;
  console.log(
    `Wrote ${options.out}: entries ${summary.fromSeq}–${summary.toSeq} (${summary.entries}), ` +
      `${summary.checkpoints} checkpoints, ${summary.bytes} bytes.`,
  );
  console.log(
    `Check it anywhere with:\n  node tools/verify-ledger.js ${options.out} --public-key '${key}'`,
  );
}
