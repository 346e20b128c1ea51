import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import {
  parseLang,
  PDF_CONTENT_TYPE,
  pdfFile,
  RenderedOnce,
  sendDocument,
} from '@daicho/documents';
import { AppConfig, Public } from '@daicho/platform';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { noticeDocument } from './notice-document';
import { noticeHtml } from './notice-html';
import { readPublicNotice } from './public-notice';

/** Nothing but the page itself: no script, no style, no other origin, never framed. */
const NOTICE_CSP =
  "default-src 'none'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The public notice on retained personal data (APPI art. 32(1)), for anyone, no login: it holds
 * only what the law has the company publish, made from the catalog and the configuration.
 */
@Controller('public')
export class PublicNoticeController {
  /** Rendered once per notice and language: anyone may ask, as often as they like. */
  private readonly pdfs = new RenderedOnce();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** GET /public/notice?lang=ja|en */
  @Public()
  @Get('notice')
  async page(@Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    const language = parseLang(lang);
    const notice = await readPublicNotice(this.dataSource.manager, this.config);
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': NOTICE_CSP,
        'cache-control': 'no-cache',
      })
      .send(noticeHtml(notice, language));
  }

  /** GET /public/notice.pdf?lang=ja|en */
  @Public()
  @Get('notice.pdf')
  async pdf(@Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    const language = parseLang(lang);
    const notice = await readPublicNotice(this.dataSource.manager, this.config);
    sendDocument(res, {
      filename: `public-notice-${language}.pdf`,
      contentType: PDF_CONTENT_TYPE,
      body: await this.pdfs.get({ notice, language }, () =>
        pdfFile(noticeDocument(notice, language)),
      ),
    });
  }
}
