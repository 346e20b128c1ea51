import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, LedgerAction, ThrottledError } from '@daicho/platform';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Ledger } from '../ledger';
import { LedgerStore } from '../reading/ledger-store';
import { EvidenceExporter, type ExportSummary } from './evidence-bundle';
import { sequenceNumber } from './sequence-number';

/**
 * The most entries one download holds: the bundle is built in memory. A larger range is asked for
 * in parts (each part carries the proof that ties it to the whole) or exported with the CLI.
 */
export const DOWNLOAD_ENTRIES = 250_000;

/** Seconds a download refused while another bundle is built is told to wait. */
export const BUNDLE_RETRY_AFTER_SECONDS = 5;

/** GET /ledger/evidence.tar: an evidence bundle for the auditor (read Ledger), from the console. */
@Controller('ledger')
export class EvidenceController {
  /** One bundle at a time per server, each built in memory; no line forms behind it. */
  private building = false;

  constructor(
    private readonly exporter: EvidenceExporter,
    private readonly store: LedgerStore,
    private readonly ledger: Ledger,
  ) {}

  /**
   * ?fromSeq=&toSeq= (both optional): by default the latest DOWNLOAD_ENTRIES entries up to the
   * latest signed checkpoint, with the proofs that tie them to the ledger before them. The
   * download is an EXPORT entry with the file's SHA-256, written before the file leaves, and
   * only while its client is still there to receive it.
   */
  @Policy('read', 'Ledger')
  @Get('evidence.tar')
  async download(
    @Ctx() ctx: RequestContext,
    @Query('fromSeq') fromSeq: string | undefined,
    @Query('toSeq') toSeq: string | undefined,
    @Req() req: Request,
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
    // A client that left is sent nothing, so nothing is built or recorded for it.
    const left = () => req.socket.destroyed || res.closed;
    if (left()) return;
    // Refused, not queued: a line of waiting downloads would hold the server's turns meanwhile.
    if (this.building) {
      throw new ThrottledError(
        `An evidence bundle is being built; one at a time. Retry after ${BUNDLE_RETRY_AFTER_SECONDS} s.`,
        BUNDLE_RETRY_AFTER_SECONDS,
      );
    }
    this.building = true;
    try {
      const { tar, summary } = await this.exporter.bundle({ fromSeq: from, toSeq: to });
      if (left()) return;
      await this.send(ctx, res, tar, summary);
    } finally {
      this.building = false;
    }
  }

  /** The EXPORT entry with the file's digest, then the file. */
  private async send(
    ctx: RequestContext,
    res: Response,
    tar: Buffer,
    summary: ExportSummary,
  ): Promise<void> {
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
