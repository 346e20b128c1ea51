import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseLang, sendDocument } from '@daicho/documents';
import { BadUserInputError, UuidPipe } from '@daicho/platform';
import type { Response } from 'express';
import { ReportStage } from '../incident-enums';
import { IncidentReportDocuments } from './report-documents.service';

const STAGES = Object.values(ReportStage) as string[];

/** The stage asked for, or none (the report due next). */
function parseStage(sent: string | undefined): ReportStage | undefined {
  if (sent === undefined) return undefined;
  if (!STAGES.includes(sent))
    throw new BadUserInputError(`stage must be one of ${STAGES.join(', ')}.`, ['stage']);
  return sent as ReportStage;
}

/** An incident's report to the PPC (PDF, JSON) and its notice to the persons (CPO only). */
@Controller('incidents')
export class IncidentReportDocumentsController {
  constructor(private readonly documents: IncidentReportDocuments) {}

  /** GET /incidents/:id/report.pdf?lang=ja|en&stage=PRELIMINARY|FINAL */
  @Policy('update', 'Incident')
  @Get(':id/report.pdf')
  async reportPdf(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Query('lang') lang: string | undefined,
    @Query('stage') stage: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.documents.report(ctx, id, 'pdf', parseLang(lang), parseStage(stage));
    sendDocument(res, file);
  }

  /** GET /incidents/:id/report.json?stage=PRELIMINARY|FINAL */
  @Policy('update', 'Incident')
  @Get(':id/report.json')
  async reportJson(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Query('stage') stage: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.documents.report(ctx, id, 'json', 'ja', parseStage(stage));
    sendDocument(res, file);
  }

  /** GET /incidents/:id/person-notice.pdf?lang=ja|en: the letter template (APPI art. 26(2)). */
  @Policy('update', 'Incident')
  @Get(':id/person-notice.pdf')
  async personNotice(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.documents.personNotice(ctx, id, parseLang(lang)));
  }
}
