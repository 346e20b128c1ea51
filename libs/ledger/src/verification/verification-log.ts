import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import type { VerificationReport } from './ledger-audit';

export interface VerificationRun {
  verifiedAt: Date;
  ok: boolean;
  checkedEntries: number;
  checkedCheckpoints: number;
  firstInvalidSeq: number | null;
  reason: string | null;
  withTrustedCheckpoint: boolean;
}

interface Row {
  verified_at: Date;
  ok: boolean;
  checked_entries: string;
  checked_checkpoints: number;
  first_invalid_seq: string | null;
  reason: string | null;
  with_trusted_checkpoint: boolean;
}

/**
 * The record of full verifications (who ran one, when, what it found), for the dashboard's "last
 * verified" and the auditor's evidence that the ledger was checked, not only that it could be.
 */
@Injectable()
export class VerificationLog {
  async record(
    ctx: RequestContext,
    report: VerificationReport,
    withTrustedCheckpoint: boolean,
  ): Promise<void> {
    await ctx.manager.query(
      `INSERT INTO ledger_verifications (actor_kind, actor_id, ok, checked_entries,
         checked_checkpoints, first_invalid_seq, reason, with_trusted_checkpoint)
       VALUES ($1, $2, $3, $4, $5, $6, left($7, 2000), $8)`,
      [
        ctx.actor.kind,
        ctx.actor.id,
        report.ok,
        report.checkedEntries,
        report.checkedCheckpoints,
        report.firstInvalidSeq,
        report.reason,
        withTrustedCheckpoint,
      ],
    );
  }

  async latest(ctx: RequestContext): Promise<VerificationRun | null> {
    const [row] = await ctx.manager.query<Row[]>(
      `SELECT verified_at, ok, checked_entries, checked_checkpoints, first_invalid_seq, reason,
              with_trusted_checkpoint
         FROM ledger_verifications ORDER BY verified_at DESC, id DESC LIMIT 1`,
    );
    return row
      ? {
          verifiedAt: row.verified_at,
          ok: row.ok,
          checkedEntries: Number(row.checked_entries),
          checkedCheckpoints: row.checked_checkpoints,
          firstInvalidSeq: row.first_invalid_seq === null ? null : Number(row.first_invalid_seq),
          reason: row.reason,
          withTrustedCheckpoint: row.with_trusted_checkpoint,
        }
      : null;
  }
}
