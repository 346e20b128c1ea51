import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isRefusedAddress, RefusedAddressError } from './address-guard';

/** Why an attempt failed, as stored (`webhook_deliveries.last_failure`); never the endpoint's words. */
export type DeliveryFailure =
  | 'HOST_NOT_ALLOWED'
  | 'ADDRESS_REFUSED'
  | 'DNS_FAILED'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'SECRET_UNREADABLE';

export type PostOutcome =
  | { delivered: true; statusCode: number }
  | { delivered: false; failure: DeliveryFailure; statusCode: number | null };

/** The endpoint's answer is read (so the connection is reused or closed cleanly), never kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One POST of a signed body to an endpoint whose URL already passed the host allow-list. The
 * address is checked again here, at connection time (`guardedLookup`; literals directly), no
 * redirect is followed (a 3xx is a failure: it could point anywhere), and only a 2xx delivers.
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && isRefusedAddress(literal))
    return Promise.resolve({ delivered: false, failure: 'ADDRESS_REFUSED', statusCode: null });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Daicho-Webhooks/1',
        },
      },
      (res: IncomingMessage) => {
        const statusCode = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () =>
          settle(
            statusCode >= 200 && statusCode < 300
              ? { delivered: true, statusCode }
              : { delivered: false, failure: 'HTTP_STATUS', statusCode: validStatus(statusCode) },
          );
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      settle({ delivered: false, failure: 'TIMEOUT', statusCode: null });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      settle({ delivered: false, failure: failureOf(error), statusCode: null });
    });
    req.end(body);
  });
}

function failureOf(error: NodeJS.ErrnoException): DeliveryFailure {
  if (error instanceof RefusedAddressError || error.code === 'EDAICHO_ADDRESS_REFUSED')
    return 'ADDRESS_REFUSED';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'DNS_FAILED';
  return 'CONNECTION_FAILED';
}

function validStatus(code: number): number | null {
  return code >= 100 && code <= 599 ? code : null;
}
