import {
  Controller,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import {
  BadUserInputError,
  ChangesSettledInterceptor,
  isCatalogCode,
  isItemKey,
  UuidPipe,
} from '@daicho/platform';
import type { Request, Response } from 'express';
import { acceptedContentType, downloadName, servedContentType } from './file-kinds';
import { RecordFiles } from './record-files';

/**
 * File items over authenticated HTTP: PUT the raw bytes (application/octet-stream, with
 * X-Content-Type naming what they are), GET them back for a declared purpose. Only the formats
 * the item's kind admits are taken, checked by their magic bytes (file-kinds.ts); files go back
 * as attachments that the browser may not sniff into something runnable.
 */
@Controller('records')
@UseInterceptors(ChangesSettledInterceptor)
export class BinaryItemsController {
  constructor(private readonly files: RecordFiles) {}

  @Policy('update', 'PersonalRecord')
  @Put(':id/items/:item')
  @HttpCode(204)
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Param('item') item: string,
    @Req() req: Request,
  ): Promise<void> {
    if (!isItemKey(item))
      throw new BadUserInputError('item must be an item key such as faceImage.', ['item']);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new BadUserInputError(
        'Send the file as the body, with content-type application/octet-stream.',
        ['body'],
      );
    }
    const contentType = acceptedContentType(item, req.header('x-content-type'), body);
    await this.files.put(ctx, id, item, contentType, body);
  }

  @Policy('read', 'PersonalRecord')
  @Get(':id/items/:item')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('id', new UuidPipe('id')) id: string,
    @Param('item') item: string,
    @Query('purpose') purpose: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!isItemKey(item))
      throw new BadUserInputError('item must be an item key such as faceImage.', ['item']);
    if (!isCatalogCode(purpose)) {
      throw new BadUserInputError('Say why: ?purpose=<one of the category’s purposes>.', [
        'purpose',
      ]);
    }
    const file = await this.files.get(ctx, id, item, purpose);
    const contentType = servedContentType(item, file.contentType);
    res
      .status(200)
      .set({
        'content-type': contentType,
        'content-disposition': `attachment; filename="${downloadName(item, contentType)}"`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
        'cache-control': 'no-store',
      })
      .send(file.content);
  }
}
