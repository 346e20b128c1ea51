import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { parseLang, sendDocument } from '@daicho/documents';
import { BadUserInputError, UuidPipe } from '@daicho/platform';
import type { Response } from 'express';
import { RequestLetter } from '../request-enums';
import { RequestLetters } from './request-letters.service';

const LETTERS = Object.values(RequestLetter) as string[];

/** A request's documents: its letters (CPO, AUDITOR) and an electronic disclosure (CPO). */
@Controller('requests')
export class RequestLettersController {
  constructor(private readonly letters: RequestLetters) {}

  @Policy('read', 'DataSubjectRequest')
  @Get(':id/letters/:letter.pdf')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Param('letter') letter: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!LETTERS.includes(letter)) {
      throw new BadUserInputError(`letter must be one of ${LETTERS.join(', ')}.`, ['letter']);
    }
    const file = await this.letters.letter(ctx, id, letter as RequestLetter, parseLang(lang));
    sendDocument(res, file);
  }

  /** GET /requests/:id/disclosure-package.tar?lang=: letter, JSON, CSV and proofs (CPO). */
  @Policy('update', 'DataSubjectRequest')
  @Get(':id/disclosure-package.tar')
  async disclosurePackage(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.letters.disclosurePackage(ctx, id, parseLang(lang)));
  }
}
