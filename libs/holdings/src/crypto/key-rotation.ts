import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { DataSource, Not } from 'typeorm';
import { DataSubjectEntity } from '../subject/data-subject.entity';
import { HoldingsKeys } from './holdings-keys';

const BATCH = 500;

export interface RotationResult {
  newKeyId: string;
  rewrapped: number;
  retiredKeyIds: string[];
}

/**
 * Master-key rotation: a new master key becomes current, every subject's data key is unwrapped
 * with its old master key and wrapped again with the new one (values are not re-encrypted), and
 * the old keys are dropped once nothing is wrapped under them. Safe to re-run after a crash.
 */
@Injectable()
export class KeyRotation {
  constructor(
    private readonly keys: HoldingsKeys,
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
  ) {}

  async rotate(
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<RotationResult> {
    const ring = this.keys.masterKeys;
    const added = await ring.addNewKey();
    const ctx = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:key-rotation' },
      randomUUID(),
      this.dataSource,
    );
    const stale = { masterKeyId: Not(added.id) } as const;
    const total = await this.dataSource.manager.countBy(DataSubjectEntity, stale);
    let done = 0;
    for (;;) {
      const moved = await ctx.transaction(async (tx) => {
        const subjects = await tx.manager.find(DataSubjectEntity, {
          where: stale,
          take: BATCH,
          lock: { mode: 'pessimistic_write' },
        });
        for (const s of subjects) {
          const dataKey = ring.unwrap(s.masterKeyId as string, s.wrappedKey as Buffer, s.id);
          const { keyId, wrapped } = ring.wrap(dataKey, s.id);
          await tx.manager.update(
            DataSubjectEntity,
            { id: s.id },
            { masterKeyId: keyId, wrappedKey: wrapped },
          );
        }
        return subjects.length;
      });
      done += moved;
      onProgress(done, total);
      if (moved < BATCH) break;
    }
    const retiredKeyIds = await ring.retireOldKeys();
    await ctx.transaction((tx) =>
      this.ledger.append(tx, {
        action: 'KEY_ROTATION',
        targetType: 'MasterKey',
        targetId: added.id,
        details: { rewrapped: done, retired: retiredKeyIds },
      }),
    );
    return { newKeyId: added.id, rewrapped: done, retiredKeyIds };
  }
}
