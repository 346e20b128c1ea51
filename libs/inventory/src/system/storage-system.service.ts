import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { IsNull } from 'typeorm';
import { createEntry, retireEntry, updateEntry, type EntrySpec } from '../catalog/catalog-entries';
import { notFound } from '../catalog/catalog-errors';
import { CatalogHistory } from '../catalog/catalog-history';
import { assertNotReferenced } from '../category/category-references';
import type { CreateStorageSystemInput, UpdateStorageSystemInput } from './storage-system.dto';
import { StorageSystemEntity } from './storage-system.entity';

export const STORAGE_SYSTEM: EntrySpec<StorageSystemEntity> = {
  target: StorageSystemEntity,
  entityType: 'StorageSystem',
  noun: 'storage system',
  fields: ['name', 'location', 'medium', 'securityMeasures'],
};

/** Storage systems and paper files: kept by the CPO; read by everyone. */
@Injectable()
export class StorageSystemService {
  constructor(private readonly history: CatalogHistory) {}

  list(ctx: RequestContext, includeRetired = false): Promise<StorageSystemEntity[]> {
    return ctx.manager.find(StorageSystemEntity, {
      where: includeRetired ? {} : { retiredAt: IsNull() },
      order: { code: 'ASC' },
    });
  }

  async get(ctx: RequestContext, code: string): Promise<StorageSystemEntity> {
    const system = await ctx.manager.findOneBy(StorageSystemEntity, { code });
    if (!system) throw notFound('storage system', code);
    return system;
  }

  async create(ctx: RequestContext, input: CreateStorageSystemInput): Promise<StorageSystemEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction((tx) => createEntry(tx, this.history, STORAGE_SYSTEM, { ...input }));
  }

  async update(
    ctx: RequestContext,
    code: string,
    input: UpdateStorageSystemInput,
  ): Promise<StorageSystemEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    const { expectedVersion, ...changes } = input;
    return ctx.transaction((tx) =>
      updateEntry(tx, this.history, STORAGE_SYSTEM, code, changes, { expectedVersion }),
    );
  }

  async retire(ctx: RequestContext, code: string, note: string): Promise<StorageSystemEntity> {
    await assertAllowed(ctx, 'manage', 'Catalog');
    return ctx.transaction(async (tx) => {
      await assertNotReferenced(tx, STORAGE_SYSTEM, ['system_codes'], code, 'Storage system');
      return retireEntry(tx, this.history, STORAGE_SYSTEM, code, note);
    });
  }
}
