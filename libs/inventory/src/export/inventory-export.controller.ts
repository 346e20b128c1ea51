import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseDocumentRequest, sendDocument } from '@daicho/documents';
import type { Response } from 'express';
import { InventoryExport } from './inventory-export';

/** GET /exports/inventory.xlsx?lang=ja (or .csv): the management ledger, for any logged-in person. */
@Controller('exports')
export class InventoryExportController {
  constructor(private readonly exporter: InventoryExport) {}

  @Policy('read', 'Catalog')
  @Get('inventory.:format')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const asked = parseDocumentRequest(
      { format, lang },
      { document: 'inventory', format: 'The file name ending', lang: 'lang' },
    );
    sendDocument(res, await this.exporter.export(ctx, asked.format, asked.lang));
  }
}
