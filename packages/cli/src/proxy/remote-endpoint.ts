import type { LastAnswer } from '../call/recording-fetch.ts';
import { socketErrorCode } from '../call/recording-fetch.ts';
import { isJsonRpcMessage, isRequest, isResponse, type JsonRpcMessage } from './json-rpc.ts';
import { remoteFailure } from './remote-failure.ts';
import { sseData } from './sse-messages.ts';

/** Where a request's credential comes from when it is not a static header: OAuth. */
export interface RemoteAuth {
  /** The Authorization header value for the next request, if there is one yet. */
  authorization(): Promise<string | undefined>;
  /** After a 401: resolves true when a retry may now succeed (signed in, or token refreshed). */
  onUnauthorized(response: Response, usedAuthorization: string | undefined): Promise<boolean>;
}

export interface ExchangeOptions {
  signal?: AbortSignal;
  /** Per-message headers: MCP-Protocol-Version and the 2026-07-28 mirrored headers. */
  headers?: Record<string, string>;
}

/**
 * The remote Streamable HTTP endpoint: each message is its own POST, and what comes back
 * (one JSON message, an SSE stream of them, or 202 for a notification) is yielded message by
 * message, in order, as it arrives. Anything that is not an MCP answer throws a RemoteFailure
 * with the line `lambda-mcp call` would print.
 */
export class RemoteEndpoint {
  /** The `Mcp-Session-Id` a 2025 server issued at initialize, echoed on every later request. */
  sessionId: string | undefined;
  /** Whether any exchange got an MCP answer: the exit code says whether the remote ever worked. */
  answered = false;
  readonly url: URL;
  readonly #staticHeaders: Record<string, string>;
  readonly #auth: RemoteAuth | undefined;

  constructor(url: URL, staticHeaders: Record<string, string>, auth?: RemoteAuth) {
    this.url = url;
    this.#staticHeaders = staticHeaders;
    this.#auth = auth;
  }

  async *exchange(message: JsonRpcMessage, options: ExchangeOptions = {}): AsyncGenerator<JsonRpcMessage> {
    const response = await this.#post(message, options);
    const sessionId = response.headers.get('mcp-session-id');
    if (sessionId) this.sessionId = sessionId;
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    const last: LastAnswer = {
      status: response.status,
      contentType,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      jsonRpc: false,
    };
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw remoteFailure(this.url.href, last);
    }
    if (response.status === 202) {
      await response.body?.cancel();
      this.answered = true;
      return;
    }
    if (mediaType === 'text/event-stream' && response.body) {
      this.answered = true;
      for await (const data of sseData(response.body)) {
        const parsed = parseJson(data);
        if (isJsonRpcMessage(parsed)) yield answering(message, parsed);
      }
      return;
    }
    if (mediaType === 'application/json') {
      const parsed = parseJson(await response.text());
      const messages = Array.isArray(parsed) ? parsed : [parsed];
      if (messages.length > 0 && messages.every(isJsonRpcMessage)) {
        this.answered = true;
        for (const answer of messages) yield answering(message, answer);
        return;
      }
    } else {
      await response.body?.cancel();
    }
    throw remoteFailure(this.url.href, last);
  }

  /**
   * The messages a 2025 server sends outside any request (list changes, resource updates,
   * requests to the client), on the GET stream of its session. Ends without a message when the
   * server offers none (405) or the stream closes.
   */
  async *listen(headers: Record<string, string>, signal: AbortSignal): AsyncGenerator<JsonRpcMessage> {
    const response = await fetch(this.url, {
      method: 'GET',
      headers: await this.#headers({ ...headers, accept: 'text/event-stream' }),
      signal,
    });
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (!response.ok || mediaType !== 'text/event-stream' || !response.body) {
      await response.body?.cancel();
      return;
    }
    for await (const data of sseData(response.body)) {
      const parsed = parseJson(data);
      if (isJsonRpcMessage(parsed)) yield parsed;
    }
  }

  /** Ends a 2025 session the server issued (best effort: the client is gone either way). */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    try {
      const response = await fetch(this.url, {
        method: 'DELETE',
        headers: await this.#headers({}),
        signal: AbortSignal.timeout(2_000),
      });
      await response.body?.cancel();
    } catch {
      // A server that cannot be reached has no session to end.
    }
  }

  async #post(message: JsonRpcMessage, options: ExchangeOptions): Promise<Response> {
    const body = JSON.stringify(message);
    const headers = await this.#headers(options.headers ?? {});
    let response = await this.#fetch(body, headers, options);
    const used = headers.get('authorization') ?? undefined;
    // The challenge is in the headers; a clone would tee the body, and cancelling one branch of
    // a tee waits for the other.
    const challenge = new Response(null, { status: 401, headers: response.headers });
    if (response.status === 401 && this.#auth && (await this.#auth.onUnauthorized(challenge, used))) {
      await response.body?.cancel();
      response = await this.#fetch(body, await this.#headers(options.headers ?? {}), options);
    }
    return response;
  }

  async #fetch(body: string, headers: Headers, options: ExchangeOptions): Promise<Response> {
    try {
      return await fetch(this.url, { method: 'POST', headers, body, signal: options.signal ?? null });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const reason = socketErrorCode(error) ?? (error as { cause?: Error }).cause?.message;
      throw remoteFailure(
        this.url.href,
        { networkError: reason, status: 0, contentType: '', wwwAuthenticate: null, jsonRpc: false },
        error,
      );
    }
  }

  async #headers(perMessage: Record<string, string>): Promise<Headers> {
    const headers = new Headers({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    });
    const authorization = await this.#auth?.authorization();
    if (authorization !== undefined) headers.set('authorization', authorization);
    if (this.sessionId !== undefined) headers.set('mcp-session-id', this.sessionId);
    for (const [name, value] of Object.entries(perMessage)) headers.set(name, value);
    // Last: what the user wrote on the command line wins over what the proxy derives.
    for (const [name, value] of Object.entries(this.#staticHeaders)) headers.set(name, value);
    return headers;
  }
}

/**
 * An error with `id: null` in the HTTP answer to a request (a 400 "no session", a gateway's
 * refusal) is that request's answer: given its id, the client stops waiting for one.
 */
function answering(sent: JsonRpcMessage, answer: JsonRpcMessage): JsonRpcMessage {
  if (!isRequest(sent) || !isResponse(answer) || answer.id !== null || answer.error === undefined)
    return answer;
  return { ...answer, id: sent.id };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
