import type { AuthInfo } from '../server/auth-info.ts';
import type { Platform } from '../server/context.ts';

/**
 * One HTTP request as plain data: what every adapter translates its platform's request
 * into. No web Request object, so the Lambda path pays nothing to build one.
 */
export interface Exchange {
  /** HTTP method, upper case. */
  method: string;
  /** Path without query string, after any stage or mount prefix was removed. */
  path: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body as UTF-8 text ('' when none). */
  body: string;
  /** Aborted when the client disconnects. */
  signal?: AbortSignal;
  /** Epoch milliseconds by which the host needs the answer (Lambda's remaining time). */
  deadline?: number;
  /** An identity established before the request reached us (an API Gateway authorizer). */
  auth?: AuthInfo;
  platform: Platform;
}

/** A server-sent event stream: each chunk is one or more complete SSE lines. */
export type EventStream = AsyncIterable<string>;

/** The answer to an exchange, for the adapter to write back. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | EventStream;
}

export function isEventStream(body: Reply['body']): body is EventStream {
  return typeof body !== 'string';
}
