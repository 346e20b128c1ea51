import { Injectable } from '@nestjs/common';
import { AppConfig, ChangeFeed, NotifiedCache } from '@daicho/platform';
import type { DataCategoryModel } from './data-category.model';
import type { DataCategoryFilter } from './dto/category.inputs';

/**
 * The catalog as `dataCategories` answers it, per filter: the query every console page and
 * integration sends, over a dozen rows changed a few times a year. Kept for at most READ_CACHE_MS
 * and dropped whenever any server commits a change to categories, purposes, systems or
 * recipients (the tables' triggers notify `daicho_catalog`).
 */
@Injectable()
export class CategoryListCache {
  private readonly cache: NotifiedCache<DataCategoryModel[]>;

  constructor(config: AppConfig, feed: ChangeFeed) {
    this.cache = new NotifiedCache<DataCategoryModel[]>(feed, {
      channel: 'daicho_catalog',
      maxAgeMs: config.READ_CACHE_MS,
      maxEntries: 200,
      tagOf: () => null,
    });
  }

  /** The models for `filter`: a kept copy, else what `load` builds (every field resolved). */
  async list(
    filter: Partial<DataCategoryFilter>,
    load: () => Promise<DataCategoryModel[]>,
  ): Promise<DataCategoryModel[]> {
    // Every field the filter has, whatever fields it gains later; unset and default alike.
    const key = JSON.stringify(
      Object.entries({ ...filter, includeRetired: filter.includeRetired ?? false })
        .filter(([, value]) => value !== undefined && value !== null)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const models = await this.cache.get(key, async () => ({ value: await load(), tags: [] }));
    // A category never reviewed is due "now": the time of this answer, not of the copy.
    const now = new Date();
    return models.map((m) => (m.lastReviewedAt ? m : { ...m, reviewDueAt: now }));
  }
}
