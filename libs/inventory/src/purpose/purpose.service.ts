import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { IsNull } from 'typeorm';
import { createEntry, retireEntry, updateEntry, type EntrySpec } from '../catalog/catalog-entries';
import { notFound } from '../catalog/catalog-errors';
import { CatalogHistory } from '../catalog/catalog-history';
import { assertNotReferenced } from '../category/category-references';
import type { CreatePurposeInput, UpdatePurposeInput } from './purpose.dto';
import { PurposeEntity } from './purpose.entity';

export const PURPOSE: EntrySpec<PurposeEntity> = {
  target: PurposeEntity,
  entityType: 'Purpose',
  noun: 'purpose',
  fields: ['name', 'description', 'policyClause'],
};

/** Purposes of use: created, edited and retired by the CPO; read by everyone. */
@Injectable()
export class PurposeService {
  constructor(private readonly history: CatalogHistory) {}

  list(ctx: RequestContext, includeRetired = false): Promise<PurposeEntity[]> {
    return ctx.manager.find(PurposeEntity, {
      where: includeRetired ? {} : { retiredAt: IsNull() },
      order: { code: 'ASC' },
    });
  }

  async get(ctx: RequestContext, code: string): Promise<PurposeEntity> {
    const purpose = await ctx.manager.findOneBy(PurposeEntity, { code });
    if (!purpose) throw notFound('purpose', code);
    return purpose;
  }

  async create(ctx: RequestContext, input: CreatePurposeInput): Promise<PurposeEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction((tx) => createEntry(tx, this.history, PURPOSE, { ...input }));
  }

  async update(
    ctx: RequestContext,
    code: string,
    input: UpdatePurposeInput,
  ): Promise<PurposeEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    const { expectedVersion, ...changes } = input;
    return ctx.transaction((tx) =>
      updateEntry(tx, this.history, PURPOSE, code, changes, { expectedVersion }),
    );
  }

  async retire(ctx: RequestContext, code: string, note: string): Promise<PurposeEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction(async (tx) => {
      await assertNotReferenced(tx, PURPOSE, ['purpose_codes'], code, 'Purpose');
      return retireEntry(tx, this.history, PURPOSE, code, note);
    });
  }
}
