import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, isLang } from '@daicho/platform';
import type { Response } from 'express';
import { calendarDate } from '@daicho/platform';
import { ProvisionExport } from './provision-export';

/** GET /exports/provisions.xlsx?from=&to=&lang= (or .csv): the art. 29/30 records (CPO, AUDITOR). */
@Controller('exports')
export class ProvisionExportController {
  constructor(private readonly exporter: ProvisionExport) {}

  @Policy('read', 'Provision')
  @Get('provisions.:format')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('format') format: string,
    @Query('lang') lang: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (format !== 'csv' && format !== 'xlsx') {
      throw new BadUserInputError('The records download as provisions.csv or provisions.xlsx.', [
        'format',
      ]);
    }
    const language = lang ?? 'ja';
    if (!isLang(language)) throw new BadUserInputError('lang must be ja or en.', ['lang']);
    const range = {
      from: from === undefined ? undefined : calendarDate(from, 'from', { future: true }),
      to: to === undefined ? undefined : calendarDate(to, 'to', { future: true }),
    };
    const file = await this.exporter.export(ctx, format, language, range);
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
