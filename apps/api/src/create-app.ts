import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  admissionMiddleware,
  createValidationPipe,
  HttpErrorFilter,
  rawBodyParser,
  RequestLogMiddleware,
  unreadRawBodiesRefused,
  wholeAnswers,
} from '@daicho/platform';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { securityHeaders } from './security-headers';
import { mountConsole } from './console/console-pages';

/** The one route that takes raw bytes: a file item's upload, PUT (holdings' BinaryItemsController). */
const FILE_ITEM_UPLOAD = '/records/:id/items/:item';

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApiApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // No answer may be kept (no-store): an ETag would only cost a hash of every body.
  app.set('etag', false);
  app.use(securityHeaders); // first, so every answer carries them, errors and 404s included
  // A download is recorded as its body is sent: no HEAD, no 304, before any route or turn.
  app.use(wholeAnswers);
  app.set('trust proxy', options.config.trustProxy);
  // Before any parsing: past its capacity the server refuses at once (503, Retry-After).
  const busy = new NestLogger('Admission');
  let lastWarned = 0;
  app.use(
    admissionMiddleware(
      {
        maxInFlight: options.config.MAX_IN_FLIGHT,
        maxQueued: options.config.MAX_QUEUED,
        queueWaitMs: options.config.QUEUE_WAIT_MS,
      },
      (load) => {
        if (Date.now() - lastWarned < 10_000) return; // one line per 10 s while shedding
        lastWarned = Date.now();
        busy.warn(
          `busy: ${load.inFlight} in flight, ${load.waiting} waiting; ${load.refused} refused so far`,
        );
      },
    ),
  );
  // bodies above the limit are refused with 413 before any parsing work.
  app.useBodyParser('json', { limit: options.config.MAX_REQUEST_BYTES });
  // Binary items (images, recordings) arrive as raw bytes, up to their own limit, on their
  // route only; raw bytes sent anywhere else are refused unread (415).
  app
    .getHttpAdapter()
    .getInstance()
    .put(FILE_ITEM_UPLOAD, rawBodyParser(options.config.HOLDINGS_MAX_BINARY_BYTES));
  app.use(unreadRawBodiesRefused);
  // Before Nest's routes: the console's pages and files, with their own content policy.
  mountConsole(app, options.config, new NestLogger('Console'));
  // Before Nest's middleware (nestjs-pino binds the request's logger made here): id, logger, line.
  app.use(app.get(RequestLogMiddleware).handle);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.init();
  app.getHttpServer().keepAliveTimeout = options.config.HTTP_KEEP_ALIVE_MS;
  return app;
}
