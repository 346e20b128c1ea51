import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  parseLang,
  PDF_CONTENT_TYPE,
  pdfFile,
  RenderedOnce,
  sendDocument,
} from '@daicho/documents';
import { BadUserInputError, Public } from '@daicho/platform';
import type { Response } from 'express';
import { requestFormDocument } from '../letters/request-forms';
import { RequestForm } from '../request-enums';
import { RequestLetters } from './request-letters.service';

const FORMS = Object.values(RequestForm) as string[];

/**
 * GET /forms/:form.pdf?lang=ja|en: the blank request forms the policy tells people to download
 * ("Procedures" §2(1)), from the configured office and fee. Public: they hold no one's data.
 */
@Controller('forms')
export class RequestFormsController {
  /** Rendered once per form, office and language: anyone may ask, as often as they like. */
  private readonly pdfs = new RenderedOnce();

  constructor(private readonly letters: RequestLetters) {}

  @Public()
  @Get(':form.pdf')
  async download(
    @Param('form') form: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!FORMS.includes(form)) {
      throw new BadUserInputError(`form must be one of ${FORMS.join(', ')}.`, ['form']);
    }
    const language = parseLang(lang);
    const office = this.letters.office;
    const body = await this.pdfs.get({ form, office, language }, () =>
      pdfFile(requestFormDocument(form as RequestForm, office, language)),
    );
    sendDocument(res, {
      filename: `daicho-request-form-${form}-${language}.pdf`,
      contentType: PDF_CONTENT_TYPE,
      body,
    });
  }
}
