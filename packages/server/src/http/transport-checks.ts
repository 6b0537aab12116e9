import type { AcceptedTypes } from './accept.ts';
import { acceptedTypes } from './accept.ts';
import type { Exchange } from './exchange.ts';
import type { ResolvedHttpOptions } from './http-options.ts';
import { isOriginAllowed } from './origin.ts';

/** A request the transport turns away before reading its body, with the status that says why. */
export interface Refusal {
  status: number;
  message: string;
  /** Headers the answer needs (`Connection: close` when the body was left unread). */
  headers?: Record<string, string>;
}

/**
 * Streamable HTTP's rules on a POST's headers, checked before any body byte is read:
 * origin (DNS rebinding), Content-Type, Accept, and a declared length over the limit.
 * (Content-Encoding is looked at only once a body fails to parse: see `encodedBodyRefusal`.)
 */
export function checkHeaders(
  exchange: Exchange,
  options: ResolvedHttpOptions,
): { refusal: Refusal } | { accepts: AcceptedTypes } {
  const { headers } = exchange;
  if (!isOriginAllowed(headers.origin, options.allowedOrigins)) {
    return { refusal: { status: 403, message: `Forbidden: origin ${headers.origin} is not allowed` } };
  }
  const declaredType = headers['content-type'];
  const contentType =
    declaredType === 'application/json' ? declaredType : declaredType?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    const message = `Unsupported Media Type: Content-Type must be application/json, got ${contentType ?? 'none'}`;
    return { refusal: { status: 415, message } };
  }
  const accepts = acceptedTypes(headers.accept);
  if (!accepts.json && !accepts.sse) {
    const message = 'Not Acceptable: Accept must include application/json or text/event-stream';
    return { refusal: { status: 406, message } };
  }
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > options.maxBodyBytes)
    return { refusal: tooLarge(options) };
  return { accepts };
}

/**
 * Why a body that is not JSON was not read: it came compressed (RFC 9110 section 15.5.16),
 * said with Accept-Encoding naming what is taken, rather than "not valid JSON". Asked only
 * after parsing failed, not of the header alone: API Gateway REST APIs decompress a request
 * before the integration and pass Content-Encoding on, so a body under `gzip` can be JSON.
 */
export function encodedBodyRefusal(headers: Exchange['headers']): Refusal | undefined {
  const encoding = headers['content-encoding'];
  if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return undefined;
  const message = `Unsupported Media Type: Content-Encoding ${encoding} is not supported; send the body uncompressed`;
  return { status: 415, message, headers: { 'accept-encoding': 'identity' } };
}

/** The answer to a body over the limit: the rest of it is never read, so the connection must close. */
export function tooLarge(options: ResolvedHttpOptions): Refusal {
  return {
    status: 413,
    message: `Payload Too Large: the body exceeds ${options.maxBodyBytes} bytes`,
    headers: { connection: 'close' },
  };
}

/** UTF-8 size check without encoding in the common case: 1 to 3 bytes per UTF-16 unit. */
export function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).length > limit;
}
