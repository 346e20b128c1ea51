import { pino, type DestinationStream, type Logger } from 'pino';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { requestLog } from './request-log';
import { safeErrorFields } from './safe-error';

/** Paths pino removes from every log line: credentials must never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
];

/** Every logger's options: credentials redacted, errors reduced to their safe fields. */
export function logOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: safeErrorFields },
  };
}

/** The middleware that gives each request its id, its logger and its line (request-log.ts). */
export class RequestLogMiddleware {
  constructor(readonly handle: ReturnType<typeof requestLog>) {}
}

/**
 * Structured JSON logs with a request id on every line; bodies and GraphQL variables are never
 * logged. nestjs-pino binds the request's logger (`req.log`, made by RequestLogMiddleware, which
 * the HTTP application mounts) to everything logged while the request runs.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const options = logOptions(config.LOG_LEVEL);
    const root: Logger = destination ? pino(options, destination) : pino(options);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true })],
      providers: [
        { provide: RequestLogMiddleware, useValue: new RequestLogMiddleware(requestLog(root)) },
      ],
      exports: [LoggerModule, RequestLogMiddleware],
    };
  }
}
