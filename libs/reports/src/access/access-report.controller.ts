import { Controller, Get, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseLang, sendDocument } from '@daicho/documents';
import { BadUserInputError, parseDateTime } from '@daicho/platform';
import type { Response } from 'express';
import { AccessReportPdf } from './access-report-pdf.service';

/** A period bound from the query string: strict ISO-8601 with its offset, or refused by name. */
function instant(value: string | undefined, name: 'from' | 'to'): Date {
  const at = parseDateTime(value);
  if (!at)
    throw new BadUserInputError(
      `${name} must be a date and time in ISO-8601 with its offset, e.g. 2026-11-01T00:00:00+09:00.`,
      [name],
    );
  return at;
}

/** The reports as documents (CPO and auditors). */
@Controller('reports')
export class AccessReportController {
  constructor(private readonly pdfs: AccessReportPdf) {}

  /** GET /reports/access.pdf?from=&to=&lang=ja|en */
  @Policy('read', 'AccessReport')
  @Get('access.pdf')
  async access(
    @Ctx() ctx: RequestContext,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.pdfs.pdf(
      ctx,
      instant(from, 'from'),
      instant(to, 'to'),
      parseLang(lang),
    );
    sendDocument(res, file);
  }
}
