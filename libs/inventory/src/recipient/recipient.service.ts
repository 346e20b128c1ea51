import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { IsNull } from 'typeorm';
import { createEntry, retireEntry, updateEntry, type EntrySpec } from '../catalog/catalog-entries';
import { notFound } from '../catalog/catalog-errors';
import { CatalogHistory } from '../catalog/catalog-history';
import { assertNotReferenced } from '../category/category-references';
import type { CreateRecipientInput, UpdateRecipientInput } from './recipient.dto';
import { RecipientEntity } from './recipient.entity';

export const RECIPIENT: EntrySpec<RecipientEntity> = {
  target: RecipientEntity,
  entityType: 'Recipient',
  noun: 'recipient',
  fields: ['name', 'kind', 'recipientType', 'country', 'provisionRule'],
};

/** Contractors and third parties data goes to: kept by the CPO; read by everyone. */
@Injectable()
export class RecipientService {
  constructor(private readonly history: CatalogHistory) {}

  list(ctx: RequestContext, includeRetired = false): Promise<RecipientEntity[]> {
    return ctx.manager.find(RecipientEntity, {
      where: includeRetired ? {} : { retiredAt: IsNull() },
      order: { code: 'ASC' },
    });
  }

  async get(ctx: RequestContext, code: string): Promise<RecipientEntity> {
    const recipient = await ctx.manager.findOneBy(RecipientEntity, { code });
    if (!recipient) throw notFound('recipient', code);
    return recipient;
  }

  async create(ctx: RequestContext, input: CreateRecipientInput): Promise<RecipientEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction((tx) => createEntry(tx, this.history, RECIPIENT, { ...input }));
  }

  async update(
    ctx: RequestContext,
    code: string,
    input: UpdateRecipientInput,
  ): Promise<RecipientEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    const { expectedVersion, ...changes } = input;
    return ctx.transaction((tx) =>
      updateEntry(tx, this.history, RECIPIENT, code, changes, { expectedVersion }),
    );
  }

  async retire(ctx: RequestContext, code: string, note: string): Promise<RecipientEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction(async (tx) => {
      await assertNotReferenced(tx, RECIPIENT, ['entrusted_to', 'provided_to'], code, 'Recipient');
      return retireEntry(tx, this.history, RECIPIENT, code, note);
    });
  }
}
