import { Global, Module } from '@nestjs/common';
import { ReportedAccessCatalog } from '@daicho/ledger';
import { CatalogHistory } from './catalog/catalog-history';
import { CategoryResolver } from './category/category.resolver';
import { CategoryService } from './category/category.service';
import { CategoryViews } from './category/category-views';
import { CategoryListCache } from './category/category-list-cache';
import { CatalogReportedAccess } from './category/catalog-reported-access';
import { InventoryExport } from './export/inventory-export';
import { InventoryExportController } from './export/inventory-export.controller';
import { ProposalResolver } from './proposal/proposal.resolver';
import { ProposalService } from './proposal/proposal.service';
import { PurposeResolver } from './purpose/purpose.resolver';
import { PurposeService } from './purpose/purpose.service';
import { RecipientResolver } from './recipient/recipient.resolver';
import { RecipientService } from './recipient/recipient.service';
import { CatalogSeeder } from './seed/catalog-seeder';
import { StorageSystemResolver } from './system/storage-system.resolver';
import { StorageSystemService } from './system/storage-system.service';

const SERVICES = [
  CatalogHistory,
  PurposeService,
  StorageSystemService,
  RecipientService,
  CategoryService,
  CategoryViews,
  CategoryListCache,
  ProposalService,
  InventoryExport,
  CatalogSeeder,
];

/**
 * The personal information management ledger: categories, purposes, systems, recipients, exports.
 * Global, so the ledger's recordAccessEvents sees the catalog through its port.
 */
@Global()
@Module({
  providers: [
    ...SERVICES,
    { provide: ReportedAccessCatalog, useClass: CatalogReportedAccess },
    PurposeResolver,
    StorageSystemResolver,
    RecipientResolver,
    CategoryResolver,
    ProposalResolver,
  ],
  controllers: [InventoryExportController],
  exports: [CategoryService, CategoryViews, InventoryExport, CatalogSeeder, ReportedAccessCatalog],
})
export class InventoryModule {}

/** The same services without GraphQL or HTTP, for operator commands. */
@Module({ providers: SERVICES, exports: [CategoryService, InventoryExport, CatalogSeeder] })
export class InventoryCoreModule {}
