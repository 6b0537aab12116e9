import type { AuthInfo } from '../server/auth-info.ts';
import type { Platform } from '../server/platform.ts';

/**
 * One HTTP request as plain data: what every adapter translates its platform's request
 * into. No web Request object, so the Lambda path pays nothing to build one.
 */
export interface Exchange {
  /** HTTP method, upper case. */
  method: string;
  /** Path without query string, after any stage prefix the platform adds was removed. */
  path: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string | undefined>>;
  /**
   * The body as UTF-8 text ('' when none), or a reader the HTTP layer calls once the
   * header checks passed (hosts that receive the body as a stream). A reader stops after
   * the limit it is given plus one byte, and rejects with `BodyReadError` when the client
   * leaves or is too slow.
   */
  body: string | BodyReader;
  /**
   * Aborted when the client disconnects; aborted with a `TimeoutError` reason when the host's
   * time is up (a Lambda invoked with less time left than the deadline margin), which the
   * handler is told as a timeout rather than a cancellation.
   */
  signal?: AbortSignal | undefined;
  /**
   * Aborted when the host stops taking requests (a server closing): answers still run to
   * completion, but open-ended streams (`subscriptions/listen`) end with their result now
   * instead of holding the shutdown until their time limit.
   */
  draining?: AbortSignal | undefined;
  /** Epoch milliseconds by which the host needs the answer (Lambda's remaining time). */
  deadline?: number | undefined;
  /**
   * The scheme, host and mount prefix the platform vouches the request arrived on (e.g.
   * `https://abc.execute-api.eu-west-1.amazonaws.com/prod` from API Gateway's request
   * context), for public URLs: unlike `Host` or `X-Forwarded-Host`, no client chooses it.
   */
  publicBase?: string | undefined;
  /** An identity established before the request reached us (an API Gateway authorizer). */
  auth?: AuthInfo | undefined;
  platform: Platform;
}

export type BodyReader = (limits: { maxBytes: number; timeoutMs: number }) => Promise<string>;

/** Why a streamed body could not be read: the client left, or sent too slowly. */
export class BodyReadError extends Error {
  readonly reason: 'aborted' | 'timeout';

  constructor(reason: 'aborted' | 'timeout', options?: { cause?: unknown }) {
    super(
      reason === 'aborted'
        ? 'The client closed the connection while sending the body'
        : 'The client did not send the body in time',
      options,
    );
    this.name = 'BodyReadError';
    this.reason = reason;
  }
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
