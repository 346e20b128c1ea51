import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertAllowed, RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { AuditTrail, ConflictError, LedgerAction } from '@daicho/platform';
import { DataSource, Not } from 'typeorm';
import { DataSubjectEntity } from '../subject/data-subject.entity';
import { HoldingsKeys } from './holdings-keys';
import { lockKeyringExclusive, referencedKeyIds, switchWrappingKey } from './keyring-marker';

const BATCH = 500;
/** One rotation at a time, across processes (a session lock on a connection of its own). */
const ROTATION_LOCK = `hashtext('daicho:holdings-key-rotation')`;

export interface RotationResult {
  newKeyId: string;
  rewrapped: number;
  retiredKeyIds: string[];
  /** Old keys kept because a wrapped key still references them (normally none). */
  keptKeyIds: string[];
}

/**
 * Master-key rotation, safe with any number of servers running:
 * 1. a new key is added to the key file (old keys stay);
 * 2. the database's current-key marker switches to it under the keyring lock taken exclusive,
 *    which waits for every wrap in flight (they hold it shared) — from then on every server wraps
 *    under the new key, re-reading the file when it does not hold it yet;
 * 3. every subject's data key is unwrapped and wrapped again under the new key (values are not
 *    re-encrypted), row-locked, in batches;
 * 4. under the exclusive lock again, keys that no wrapped key in the database references leave
 *    the file; a referenced key never does.
 * Safe to re-run after a crash at any step. Ledgered as KEY_ROTATION (JIS Q 15001 A.3.4.3.3).
 */
@Injectable()
export class KeyRotation {
  constructor(
    private readonly keys: HoldingsKeys,
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly auditTrail: AuditTrail,
  ) {}

  /** `rotateMasterKey`: the CPO or an administrator, re-checked here; ledgered as that person. */
  async rotateAs(ctx: RequestContext): Promise<RotationResult> {
    await assertAllowed(ctx, 'update', 'MasterKey');
    return this.rotate(undefined, ctx);
  }

  async rotate(
    onProgress: (done: number, total: number) => void = () => undefined,
    actor: RequestContext = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:key-rotation' },
      randomUUID(),
      this.dataSource,
      this.auditTrail,
    ),
  ): Promise<RotationResult> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked } = { locked: false }] = (await session.query(
        `SELECT pg_try_advisory_lock(${ROTATION_LOCK}) AS locked`,
      )) as { locked: boolean }[];
      if (!locked) {
        throw new ConflictError(
          'Another master-key rotation is running; wait for it to finish, then rotate again if still needed.',
        );
      }
      try {
        return await this.rotateLocked(actor, onProgress);
      } finally {
        await session.query(`SELECT pg_advisory_unlock(${ROTATION_LOCK})`);
      }
    } finally {
      await session.release();
    }
  }

  private async rotateLocked(
    ctx: RequestContext,
    onProgress: (done: number, total: number) => void,
  ): Promise<RotationResult> {
    const ring = this.keys.masterKeys;
    const added = await ring.addNewKey();
    await ctx.transaction((tx) => switchWrappingKey(tx.manager, added.id));

    const stale = { masterKeyId: Not(added.id) } as const;
    const total = await this.dataSource.manager.countBy(DataSubjectEntity, stale);
    let done = 0;
    for (;;) {
      const moved = await ctx.transaction(async (tx) => {
        // In id order, as every path that locks several persons does (no crosswise waits).
        const subjects = await tx.manager.find(DataSubjectEntity, {
          where: stale,
          order: { id: 'ASC' },
          take: BATCH,
          lock: { mode: 'pessimistic_write' },
        });
        for (const s of subjects) {
          const dataKey = ring.unwrap(s.masterKeyId as string, s.wrappedKey as Buffer, s.id);
          await tx.manager.update(
            DataSubjectEntity,
            { id: s.id },
            { masterKeyId: added.id, wrappedKey: ring.wrapUnder(added.id, dataKey, s.id) },
          );
        }
        return subjects.length;
      });
      done += moved;
      onProgress(done, total);
      if (moved < BATCH) break;
    }

    return ctx.transaction(async (tx) => {
      await lockKeyringExclusive(tx.manager);
      const [marker] = await tx.manager.query<{ current_key_id: string }[]>(
        `SELECT current_key_id FROM holdings_keyring`,
      );
      const keep = await referencedKeyIds(tx.manager);
      if (marker) keep.add(marker.current_key_id);
      const retiredKeyIds = await ring.retireAllBut(keep);
      const keptKeyIds = [...keep].filter((id) => id !== added.id);
      await this.ledger.append(tx, {
        action: LedgerAction.KEY_ROTATION,
        targetType: 'MasterKey',
        targetId: added.id,
        details: { rewrapped: done, retired: retiredKeyIds, kept: keptKeyIds },
      });
      return { newKeyId: added.id, rewrapped: done, retiredKeyIds, keptKeyIds };
    });
  }
}
