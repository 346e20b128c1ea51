import { AuditTrail } from '@daicho/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext } from '@daicho/access';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ErasureJournal } from './erasure-journal';
import { SubjectService } from './subject.service';

export interface ReplayResult {
  journalled: number;
  replayed: number;
  alreadyErased: number;
  absent: number;
}

/**
 * Keeps the erasure journal and the database in agreement, at every start (server and CLI):
 * erasures the database shows but the journal lacks (a crash between commit and append) are
 * journalled; journalled subjects the database still holds (restored from an older backup) are
 * erased again before anything can read them.
 */
@Injectable()
export class ErasureReplay implements OnApplicationBootstrap {
  /** What the start of this process found and did (the CLI reports it). */
  atStart: (ReplayResult & { reconciled: number }) | null = null;

  constructor(
    private readonly journal: ErasureJournal,
    private readonly subjects: SubjectService,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('ErasureReplay');
  }

  async onApplicationBootstrap(): Promise<void> {
    const journalled = await this.reconcile();
    const result = await this.replay();
    this.atStart = { ...result, reconciled: journalled };
    if (journalled > 0) {
      this.logger.warn({ journalled }, 'erasures missing from the journal were added to it');
    }
    if (result.replayed > 0) {
      this.logger.warn(
        { replayed: result.replayed },
        'erasures replayed from the journal: the database was restored from an older backup',
      );
    }
  }

  /** Adds to the journal the erasures the database knows and the journal does not. */
  async reconcile(): Promise<number> {
    const known = new Set(
      (await this.journal.read()).filter((e) => !e.recordId).map((e) => e.subjectId),
    );
    const erased = await this.dataSource.query<{ id: string; erased_at: Date }[]>(
      'SELECT id, erased_at FROM data_subjects WHERE erased_at IS NOT NULL ORDER BY erased_at',
    );
    const missing = erased
      .filter((row) => !known.has(row.id))
      .map((row) => ({
        subjectId: row.id,
        erasedAt: row.erased_at.toISOString(),
        requestId: 'journal-reconciled',
      }));
    // Records erased alone at a person's request: their DISPOSE entries name the kind.
    const journalled = new Set((await this.journal.read()).flatMap((e) => e.recordId ?? []));
    const disposed = await this.dataSource.query<
      { record_id: string; subject_id: string; recorded_at: Date }[]
    >(
      // Sealed and waiting apart, so each is read on its index (the rare actions', the intake's):
      // as one condition it was a scan of the whole ledger at every start.
      `SELECT record_id, subject_id, recorded_at FROM (
         SELECT target_id AS record_id, subject_id::text AS subject_id, recorded_at
           FROM ledger_entries WHERE seq IS NOT NULL AND action = 'DISPOSE'
            AND target_type = 'PersonalRecord' AND details->>'kind' = 'REQUEST_ERASURE'
         UNION ALL
         SELECT target_id, subject_id::text, recorded_at
           FROM ledger_entries WHERE seq IS NULL AND action = 'DISPOSE'
            AND target_type = 'PersonalRecord' AND details->>'kind' = 'REQUEST_ERASURE') d
        ORDER BY recorded_at`,
    );
    const missingRecords = disposed
      .filter((row) => !journalled.has(row.record_id))
      .map((row) => ({
        subjectId: row.subject_id,
        recordId: row.record_id,
        erasedAt: row.recorded_at.toISOString(),
        requestId: 'journal-reconciled',
      }));
    await this.journal.append([...missing, ...missingRecords]);
    return missing.length + missingRecords.length;
  }

  /** Erases again every journalled subject the database still holds; reports what it found. */
  async replay(
    options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ReplayResult> {
    const entries = await this.journal.read();
    const result: ReplayResult = {
      journalled: entries.length,
      replayed: 0,
      alreadyErased: 0,
      absent: 0,
    };
    const ids = entries.map((e) => e.subjectId);
    const rows = await this.dataSource.query<{ id: string; erased: boolean }[]>(
      'SELECT id, erased_at IS NOT NULL AS erased FROM data_subjects WHERE id = ANY($1::uuid[])',
      [ids],
    );
    // A record erased alone (the rest of the person stays) is pending while it is still active.
    const records = await this.dataSource.query<{ id: string; active: boolean }[]>(
      `SELECT id, status = 'ACTIVE' AS active FROM personal_records WHERE id = ANY($1::uuid[])`,
      [entries.flatMap((e) => (e.recordId ? [e.recordId] : []))],
    );
    const recordState = new Map(records.map((r) => [r.id, r.active]));
    const subjectState = new Map(rows.map((r) => [r.id, r.erased]));
    const state = {
      has: (e: (typeof entries)[number]) =>
        subjectState.has(e.subjectId) && (!e.recordId || recordState.has(e.recordId)),
      pending: (e: (typeof entries)[number]) =>
        subjectState.get(e.subjectId) === false &&
        (!e.recordId || recordState.get(e.recordId) === true),
    };
    const pending = entries.filter((e) => state.pending(e));
    result.absent = entries.filter((e) => !state.has(e)).length;
    result.alreadyErased = entries.length - pending.length - result.absent;
    if (options.dryRun) return { ...result, replayed: pending.length };
    for (const [index, entry] of pending.entries()) {
      const outcome = await this.subjects.replayErasure(
        RequestContext.system(this.dataSource, this.auditTrail),
        entry,
      );
      if (outcome === 'replayed') result.replayed += 1;
      else if (outcome === 'already-erased') result.alreadyErased += 1;
      else result.absent += 1;
      options.onProgress?.(index + 1, pending.length);
    }
    return result;
  }
}
