import { AuditTrail } from '@daicho/platform';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { dataKeysOf, HoldingsKeys } from '@daicho/holdings';
import { DataSource } from 'typeorm';
import { sealEvidence, shredEvidence } from './consent-evidence';

/**
 * Seals the clear-text evidence of consents recorded before evidence was sealed (migration
 * 1764710000000), once, at start: under the person's data key, or — for a person already erased —
 * under a key nobody keeps. Several servers starting together take turns on an advisory lock.
 */
@Injectable()
export class ConsentEvidenceSealer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConsentEvidenceSealer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly keys: HoldingsKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const ctx = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:consent-evidence-seal' },
      randomUUID(),
      this.dataSource,
      this.auditTrail,
    );
    const sealed = await ctx.transaction(async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('daicho.consents.seal'))`);
      const rows = await tx.manager.query<
        { id: string; subject_id: string; evidence: string; erased: boolean }[]
      >(
        `SELECT c.id, c.subject_id, c.evidence, s.erased_at IS NOT NULL AS erased
           FROM consents c JOIN data_subjects s ON s.id = c.subject_id
          WHERE c.evidence IS NOT NULL FOR UPDATE OF c`,
      );
      const live = [...new Set(rows.filter((r) => !r.erased).map((r) => r.subject_id))];
      const dataKeys = live.length
        ? await dataKeysOf(tx, this.keys, live)
        : new Map<string, Buffer>();
      for (const row of rows) {
        const key = dataKeys.get(row.subject_id);
        await tx.manager.query(
          `UPDATE consents SET evidence = NULL, evidence_sealed = $2 WHERE id = $1`,
          [
            row.id,
            key ? sealEvidence(key, row.id, row.evidence) : shredEvidence(row.id, row.evidence),
          ],
        );
      }
      return rows.length;
    });
    if (sealed) this.logger.log(`Sealed the evidence of ${sealed} consents recorded in clear.`);
  }
}
