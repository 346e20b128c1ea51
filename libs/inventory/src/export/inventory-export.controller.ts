import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, isLang } from '@daicho/platform';
import type { Response } from 'express';
import { EXPORT_FORMATS, InventoryExport, type ExportFormat } from './inventory-export';

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
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new BadUserInputError('The inventory downloads as inventory.csv or inventory.xlsx.', [
        'format',
      ]);
    }
    const language = lang ?? 'ja';
    if (!isLang(language)) throw new BadUserInputError('lang must be ja or en.', ['lang']);
    const file = await this.exporter.export(ctx, format as ExportFormat, language);
    res
      .status(200)
      .set({
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
      })
      .send(file.body);
  }
}
