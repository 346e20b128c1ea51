import { Controller, Get, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseLang, sendDocument } from '@daicho/documents';
import { BadUserInputError, calendarDate, parseDateTime } from '@daicho/platform';
import type { Response } from 'express';
import { AccessReportPdf } from './access-report-pdf.service';
import { ManagementLedgerPdf } from '../ledger-book/management-ledger-pdf.service';
import { ProvisionRecordsPdf } from '../provisions/provision-records-pdf.service';

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

/** The reports as documents (CPO and auditors: the audit's reports, subject AccessReport). */
@Controller('reports')
export class AccessReportController {
  constructor(
    private readonly pdfs: AccessReportPdf,
    private readonly managementLedger: ManagementLedgerPdf,
    private readonly provisionRecords: ProvisionRecordsPdf,
  ) {}

  /**
   * GET /reports/provisions.pdf?from=&to=&lang=ja|en: the art. 29/30 records whose hand-off or
   * receipt falls on those calendar days in Japan (both optional, both inclusive).
   */
  @Policy('read', 'AccessReport')
  @Get('provisions.pdf')
  async provisions(
    @Ctx() ctx: RequestContext,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const range = {
      from: from === undefined ? undefined : calendarDate(from, 'from', { future: true }),
      to: to === undefined ? undefined : calendarDate(to, 'to', { future: true }),
    };
    if (range.from && range.to && range.to < range.from)
      throw new BadUserInputError('to must be on or after from.', ['to']);
    sendDocument(res, await this.provisionRecords.pdf(ctx, range, parseLang(lang)));
  }

  /** GET /reports/management-ledger.pdf?lang=ja|en: the 個人情報管理台帳 with its checkpoint. */
  @Policy('read', 'AccessReport')
  @Get('management-ledger.pdf')
  async ledgerBook(
    @Ctx() ctx: RequestContext,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.managementLedger.pdf(ctx, parseLang(lang)));
  }

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
