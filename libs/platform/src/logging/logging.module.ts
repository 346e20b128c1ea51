import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

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

/**
 * The request id is the server's own (a UUID), and it is what ledger entries carry: a client's
 * X-Request-Id is text from outside (it could be a phone number) and is only logged beside it,
 * as `clientRequestId`, when it looks like an identifier. The response names the server's id.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const id = randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The caller's own X-Request-Id, for the log lines of its request only. */
export function clientRequestIdOf(req: IncomingMessage): string | undefined {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : undefined;
}

/** Structured JSON logs with a request id on every line; bodies and GraphQL variables are never logged. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              genReqId: requestIdFor,
              customProps: (req: IncomingMessage) => {
                const clientRequestId = clientRequestIdOf(req);
                return clientRequestId ? { clientRequestId } : {};
              },
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              // Keep the request line free of query strings: a GET could carry personal data.
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  path: req.url.split('?')[0],
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
            },
            destination,
          ].filter((x) => x !== undefined) as never,
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
