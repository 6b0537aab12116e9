import { explainCallFailure } from '../call/explain-call-failure.ts';
import type { LastAnswer } from '../call/recording-fetch.ts';

/**
 * Why the remote server could not be used for one message: the line for stderr (the same
 * wording as `lambda-mcp call`) and the JSON-RPC error code the stdio client gets.
 */
export class RemoteFailure extends Error {
  readonly code: number;
  /** Whether an HTTP answer came at all (false: connection refused, no such host, ...). */
  readonly reachable: boolean;

  constructor(message: string, code: number, reachable = true) {
    super(message);
    this.name = 'RemoteFailure';
    this.code = code;
    this.reachable = reachable;
  }
}

/** Implementation-defined JSON-RPC codes (the -32000..-32099 range) for what went wrong on HTTP. */
export const REMOTE_UNAVAILABLE = -32000;
export const REMOTE_UNAUTHORIZED = -32001;

/** One line that says what to do, from the exchange that went wrong. */
export function remoteFailure(url: string, last: LastAnswer, cause?: unknown): RemoteFailure {
  const { message } = explainCallFailure(cause, url, last);
  const auth = last.status === 401 || last.status === 403;
  return new RemoteFailure(message, auth ? REMOTE_UNAUTHORIZED : REMOTE_UNAVAILABLE, last.status !== 0);
}
