import { Controller, Get, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, LedgerAction } from '@daicho/platform';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { Ledger } from '../ledger';
import { LedgerStore } from '../reading/ledger-store';
import { EvidenceExporter } from './evidence-bundle';
import { sequenceNumber } from './sequence-number';

/**
 * The most entries one download holds: the bundle is built in memory. A larger range is asked for
 * in parts (each part carries the proof that ties it to the whole) or exported with the CLI.
 */
export const DOWNLOAD_ENTRIES = 250_000;

/** GET /ledger/evidence.tar: an evidence bundle for the auditor (read Ledger), from the console. */
@Controller('ledger')
export class EvidenceController {
  private readonly oneAtATime = pLimit(1);

  constructor(
    private readonly exporter: EvidenceExporter,
    private readonly store: LedgerStore,
    private readonly ledger: Ledger,
  ) {}

  /**
   * ?fromSeq=&toSeq= (both optional): by default the latest DOWNLOAD_ENTRIES entries up to the
   * latest signed checkpoint, with the proofs that tie them to the ledger before them. The
   * download is an EXPORT entry with the file's SHA-256, written before the file leaves.
   */
  @Policy('read', 'Ledger')
  @Get('evidence.tar')
  async download(
    @Ctx() ctx: RequestContext,
    @Query('fromSeq') fromSeq: string | undefined,
    @Query('toSeq') toSeq: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const asked = { from: sequenceNumber(fromSeq, 'fromSeq'), to: sequenceNumber(toSeq, 'toSeq') };
    const latest = (await this.store.latestCheckpoint())?.treeSize;
    const to = asked.to ?? latest;
    const from = asked.from ?? (to === undefined ? 1 : Math.max(1, to - DOWNLOAD_ENTRIES + 1));
    if (to !== undefined && to - from + 1 > DOWNLOAD_ENTRIES) {
      throw new BadUserInputError(
        `A download holds at most ${DOWNLOAD_ENTRIES.toLocaleString('en-US')} entries: ask for a narrower fromSeq–toSeq, or export the whole ledger with the command line (ledger:export).`,
        ['fromSeq'],
      );
    }
    // One bundle at a time per server: each is built in memory.
    const { tar, summary } = await this.oneAtATime(() =>
      this.exporter.bundle({ fromSeq: from, toSeq: to }),
    );
    const sha256 = createHash('sha256').update(tar).digest('hex');
    await this.ledger.append(ctx, {
      action: LedgerAction.EXPORT,
      targetType: 'LedgerEvidence',
      details: {
        format: 'tar',
        fromSeq: summary.fromSeq,
        toSeq: summary.toSeq,
        entries: summary.entries,
        checkpoints: summary.checkpoints,
        sha256,
      },
    });
    res
      .status(200)
      .set({
        'content-type': 'application/x-tar',
        'content-disposition': `attachment; filename="ledger-evidence-${summary.fromSeq}-${summary.toSeq}.tar"`,
        'cache-control': 'no-store',
      })
      .send(tar);
  }
}
