import { CatalogVersionEntity } from './catalog/catalog-version.entity';
import { DataCategoryEntity } from './category/data-category.entity';
import { CategoryChangeProposalEntity } from './proposal/proposal.entity';
import { PurposeEntity } from './purpose/purpose.entity';
import { RecipientEntity } from './recipient/recipient.entity';
import { StorageSystemEntity } from './system/storage-system.entity';

export const INVENTORY_ENTITIES = [
  PurposeEntity,
  StorageSystemEntity,
  RecipientEntity,
  DataCategoryEntity,
  CatalogVersionEntity,
  CategoryChangeProposalEntity,
];
