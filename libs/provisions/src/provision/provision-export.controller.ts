import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseDocumentRequest, sendDocument } from '@daicho/documents';
import { calendarDate } from '@daicho/platform';
import type { Response } from 'express';
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
    const asked = parseDocumentRequest(
      { format, lang },
      { document: 'records', format: 'The file name ending', lang: 'lang' },
    );
    const range = {
      from: from === undefined ? undefined : calendarDate(from, 'from', { future: true }),
      to: to === undefined ? undefined : calendarDate(to, 'to', { future: true }),
    };
    sendDocument(res, await this.exporter.export(ctx, asked.format, asked.lang, range));
  }
}
