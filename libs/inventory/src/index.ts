export { InventoryModule, InventoryCoreModule } from './inventory.module';
export { INVENTORY_ENTITIES } from './inventory.entities';
export { CategoryService } from './category/category.service';
export { CategoryViews } from './category/category-views';
export { CategoryListCache } from './category/category-list-cache';
export { DataCategoryEntity } from './category/data-category.entity';
export { classify, type DataItem } from './category/data-item';
export { neededItems, type PurposeItems } from './category/purpose-items';
export { ItemUsage } from './category/item-usage';
export { InventoryExport, ledgerRow } from './export/inventory-export';
export { COLUMNS } from './export/export-labels';
export { CatalogSeeder } from './seed/catalog-seeder';
export { COMPANY_CATEGORIES } from './seed/company-categories';
export { COMPANY_PURPOSES } from './seed/company-purposes';
export * from './catalog/catalog-enums';
export {
  LocalizedTextField,
  LocalizedTextInput,
  LocalizedTextModel,
  type Localized,
} from './catalog/localized-text';
/** The calendar's languages, kept here for callers that imported them from the catalog. */
export { LANGS, type Lang } from '@daicho/platform';
