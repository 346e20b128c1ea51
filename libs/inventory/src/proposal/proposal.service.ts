import { Injectable } from '@nestjs/common';
import {
  assertAllowed,
  policySubject,
  recordDenial,
  permittedRowsSql,
  type RequestContext,
} from '@daicho/access';
import {
  byTimeKeyset,
  ConflictError,
  encodeCursor,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  type Page,
  pageOf,
} from '@daicho/platform';
import { Ledger } from '@daicho/ledger';
import { ProposalStatus } from '../catalog/catalog-enums';
import { sentFields } from '../catalog/catalog-inputs';
import { CategoryService } from '../category/category.service';
import type { DataCategoryChanges } from '../category/dto/category.inputs';
import { CategoryChangeProposalEntity } from './proposal.entity';
import type { ProposeCategoryChangeInput } from './proposal.dto';

/**
 * Departments know their data best but do not keep the catalog: they propose changes to a
 * category, validated when made; the CPO approves (the change is applied as the CPO's edit, with
 * the proposal named in the history) or rejects. All three steps are ledger entries.
 */
@Injectable()
export class ProposalService {
  constructor(
    private readonly categories: CategoryService,
    private readonly ledger: Ledger,
  ) {}

  /** Newest first, a keyset page of (proposal time, id). */
  async list(
    ctx: RequestContext,
    status: ProposalStatus | undefined,
    page: { first: number; after?: string },
  ): Promise<Page<CategoryChangeProposalEntity>> {
    const query = byTimeKeyset(
      ctx.manager.createQueryBuilder(CategoryChangeProposalEntity, 'p'),
      { column: 'p.proposed_at', id: 'p.id', order: 'DESC' },
      page,
    );
    if (status) query.andWhere('p.status = :status', { status });
    // A department sees the proposals about its categories and its own, never the others'.
    const visible = visibleProposals(ctx);
    query.andWhere(visible?.text ?? 'FALSE', visible?.values ?? {});
    return pageOf(
      await query.getMany(),
      page.first,
      (proposal) => encodeCursor(proposal.proposedAt.toISOString(), proposal.id),
      (proposal) => proposal,
    );
  }

  async propose(
    ctx: RequestContext,
    input: ProposeCategoryChangeInput,
  ): Promise<CategoryChangeProposalEntity> {
    await assertAllowed(ctx, 'create', 'CategoryProposal');
    // The category first (the catalog is public): a refusal then records only a code that exists.
    await ctx.transaction((tx) => this.categories.get(tx, input.categoryCode));
    if (
      !ctx.ability.can(
        'create',
        policySubject('CategoryProposal', { categoryCode: input.categoryCode }),
      )
    )
      throw await recordDenial(
        ctx,
        {
          operation: 'create CategoryProposal',
          type: 'DataCategory',
          categoryCode: input.categoryCode,
          reason: 'not its category',
        },
        new ForbiddenError(
          `Your role (${ctx.role}) may propose changes to the categories it handles only.`,
        ),
      );
    return ctx.transaction(async (tx) => {
      const changes = sentFields(input.changes);
      const category = await this.categories.checkChanges(tx, input.categoryCode, changes);
      const proposal = await tx.manager.save(
        tx.manager.create(CategoryChangeProposalEntity, {
          categoryCode: input.categoryCode,
          baseVersion: category.version,
          changes: JSON.parse(JSON.stringify(changes)) as Record<string, unknown>,
          reason: input.reason,
          status: ProposalStatus.PENDING,
          proposedBy: tx.actor.id,
          proposedAt: new Date(),
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
        }),
      );
      await this.record(tx, LedgerAction.CHANGE_PROPOSED, proposal);
      return proposal;
    });
  }

  async approve(
    ctx: RequestContext,
    id: string,
    note?: string,
  ): Promise<CategoryChangeProposalEntity> {
    await assertAllowed(ctx, 'update', 'CategoryProposal');
    return ctx.transaction(async (tx) => {
      const proposal = await this.pending(tx, id);
      // A second person: whoever proposed it (since moved to CPO, say) does not approve it.
      if (proposal.proposedBy === tx.actor.id)
        throw await recordDenial(
          ctx,
          {
            operation: 'approve CategoryProposal',
            type: 'CategoryProposal',
            id,
            reason: 'own proposal',
          },
          new ForbiddenError('A proposal is approved by someone other than the one who made it.'),
        );
      const changes = {
        ...(proposal.changes as DataCategoryChanges),
        expectedVersion: proposal.baseVersion,
      };
      await this.categories.update(tx, proposal.categoryCode, changes, `approved proposal ${id}`);
      return this.decide(tx, proposal, ProposalStatus.APPROVED, note);
    });
  }

  async reject(
    ctx: RequestContext,
    id: string,
    note?: string,
  ): Promise<CategoryChangeProposalEntity> {
    await assertAllowed(ctx, 'update', 'CategoryProposal');
    return ctx.transaction(async (tx) =>
      this.decide(tx, await this.pending(tx, id), ProposalStatus.REJECTED, note),
    );
  }

  private async pending(tx: RequestContext, id: string): Promise<CategoryChangeProposalEntity> {
    const proposal = await tx.manager.findOne(CategoryChangeProposalEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!proposal) throw new NotFoundError(`There is no proposal ${id}.`);
    if (proposal.status !== ProposalStatus.PENDING) {
      throw new ConflictError(`Proposal ${id} was already ${proposal.status.toLowerCase()}.`);
    }
    return proposal;
  }

  private async decide(
    tx: RequestContext,
    proposal: CategoryChangeProposalEntity,
    status: ProposalStatus,
    note?: string,
  ): Promise<CategoryChangeProposalEntity> {
    Object.assign(proposal, {
      status,
      decidedBy: tx.actor.id,
      decidedAt: new Date(),
      decisionNote: note ?? null,
    });
    const saved = await tx.manager.save(proposal);
    await this.record(
      tx,
      status === ProposalStatus.APPROVED
        ? LedgerAction.CHANGE_APPROVED
        : LedgerAction.CHANGE_REJECTED,
      saved,
    );
    return saved;
  }

  private record(tx: RequestContext, action: LedgerAction, proposal: CategoryChangeProposalEntity) {
    return this.ledger.append(tx, {
      action,
      targetType: 'CategoryChangeProposal',
      targetId: proposal.id,
      categoryCode: proposal.categoryCode,
      fields: Object.keys(proposal.changes),
      details: { baseVersion: proposal.baseVersion, status: proposal.status },
    });
  }
}

/**
 * Which proposals the caller may read, as a condition on `p` with named parameters (TRUE for the
 * CPO and the auditor), or null for none.
 */
function visibleProposals(
  ctx: RequestContext,
): { text: string; values: Record<string, unknown> } | null {
  const condition = permittedRowsSql(ctx.ability, 'read', 'CategoryProposal', {
    categoryCode: { column: 'p.category_code', type: 'text', nullable: false },
    proposedBy: { column: 'p.proposed_by', type: 'text', nullable: false },
  });
  if (!condition) return null;
  // TypeORM takes named parameters: $n become :visibleN.
  const values = Object.fromEntries(condition.values.map((v, i) => [`visible${i + 1}`, v]));
  return { text: condition.text.replace(/\$(\d+)/g, ':visible$1'), values };
}
