import { Injectable } from '@nestjs/common';
import { policySubject, recordDenial, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { encodeCursor, ForbiddenError, pageOf, type Page, LedgerAction } from '@daicho/platform';
import { notFound } from './provision-checks';
import { creatorOf, loadProvisions, readableProvisionKeys } from './provision-store';
import type { ProvisionModel } from './provision.dto';

/**
 * Reading provision records: they name persons (pseudonymously) and what of theirs went where,
 * so each look is a READ entry per record in the same transaction, and a record the caller may
 * not read answers exactly as a missing one.
 */
@Injectable()
export class ProvisionReader {
  constructor(private readonly ledger: Ledger) {}

  /** One record, for a role that may read it (others: NOT_FOUND, as if it did not exist). */
  async get(ctx: RequestContext, id: string): Promise<ProvisionModel> {
    return ctx.transaction(async (tx) => {
      const [found] = await loadProvisions(tx, [id]);
      if (
        !found ||
        !ctx.ability.can('read', policySubject('Provision', { createdBy: found.createdBy }))
      ) {
        // Missing and unreadable alike, and the attempt recorded (as assertReadable does).
        throw await recordDenial(
          ctx,
          { operation: 'read Provision', type: 'Provision', id },
          notFound(id),
        );
      }
      await this.recordRead(tx, [found]);
      return found;
    });
  }

  /** Records whose hand-offs fall in the range, newest first; the role's rules are in the SQL. */
  async list(
    ctx: RequestContext,
    range: { from?: string; to?: string },
    page: { first: number; after?: { createdAt: Date; id: string } },
  ): Promise<Page<ProvisionModel>> {
    return ctx.transaction(async (tx) => {
      const keys = await readableProvisionKeys(tx, {
        ...range,
        after: page.after,
        limit: page.first + 1,
        order: 'newest',
      });
      if (!keys) {
        throw await recordDenial(
          ctx,
          { operation: 'list Provision', type: 'Provision' },
          new ForbiddenError(`Your role (${ctx.role}) may not read provisions.`),
        );
      }
      const nodes = await loadProvisions(
        tx,
        keys.slice(0, page.first).map((k) => k.id),
      );
      await this.recordRead(tx, nodes);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      return pageOf(
        keys,
        page.first,
        (k) => encodeCursor(k.created_at.toISOString(), k.id),
        (k) => {
          const node = byId.get(k.id);
          if (!node) throw new Error(`Provision ${k.id} was listed but not loaded.`);
          return node;
        },
      );
    });
  }

  /**
   * A provision id from the caller is an access decision: a record the caller may not read answers
   * exactly as a missing one (NOT_FOUND, same message), so ids cannot be probed; the attempt is a
   * DENIED entry of its own.
   */
  async assertReadable(ctx: RequestContext, id: string, operation: string): Promise<void> {
    const createdBy = await creatorOf(ctx, id);
    if (createdBy && ctx.ability.can('read', policySubject('Provision', { createdBy }))) return;
    throw await recordDenial(ctx, { operation, type: 'Provision', id }, notFound(id));
  }

  /** The record a change returns, read back with its READ entry (it names persons too). */
  async returned(ctx: RequestContext, id: string): Promise<ProvisionModel> {
    return ctx.transaction(async (tx) => {
      const [found] = await loadProvisions(tx, [id]);
      if (!found) throw new Error(`Provision ${id} was written but cannot be read back.`);
      await this.recordRead(tx, [found]);
      return found;
    });
  }

  private async recordRead(ctx: RequestContext, records: ProvisionModel[]): Promise<void> {
    await this.ledger.appendMany(
      ctx,
      records.map((p) => ({
        action: LedgerAction.READ,
        targetType: 'Provision',
        targetId: p.id,
        fields: p.items,
        details: { subjects: p.handOffs.reduce((n, h) => n + h.subjectIds.length, 0) },
      })),
    );
  }
}
