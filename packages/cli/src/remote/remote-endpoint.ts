import type { IncomingMessage } from 'node:http';
import { discard, headerOf, httpRequest, readText } from './http-request.ts';
import { isJsonRpcMessage, isRequest, isResponse, type JsonRpcMessage } from './json-rpc.ts';
import { brokenAnswer, type FailedAnswer, remoteFailure } from './remote-failure.ts';
import { socketErrorCode } from './socket-error-code.ts';
import { sseData } from './sse-messages.ts';

/** Where a request's credential comes from when it is not a static header: OAuth. */
export interface RemoteAuth {
  /** The Authorization header value for the next request, if there is one yet. */
  authorization(): Promise<string | undefined>;
  /**
   * After a 401 (`challenge` carries its WWW-Authenticate header): resolves true when a retry
   * may now succeed (signed in, or token refreshed).
   */
  onUnauthorized(challenge: Response, usedAuthorization: string | undefined): Promise<boolean>;
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
 * with the line to print.
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
    const sessionId = headerOf(response, 'mcp-session-id');
    if (sessionId) this.sessionId = sessionId;
    const status = response.statusCode ?? 0;
    const contentType = headerOf(response, 'content-type') ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    const last: FailedAnswer = {
      status,
      contentType,
      wwwAuthenticate: headerOf(response, 'www-authenticate'),
      location: headerOf(response, 'location'),
      gatewayError: headerOf(response, 'x-amzn-errortype'),
    };
    if (status === 401 || status === 403) {
      discard(response);
      throw remoteFailure(this.url.href, last);
    }
    if (status === 202) {
      discard(response);
      this.answered = true;
      return;
    }
    // The connection closing mid-answer is the server's failure (a crash, a timeout), not ours.
    const brokenOff = (error: unknown) =>
      options.signal?.aborted
        ? error
        : brokenAnswer(this.url.href, 'method' in message ? message.method : 'a message', error);
    if (mediaType === 'text/event-stream') {
      this.answered = true;
      try {
        for await (const data of sseData(response)) {
          const parsed = parseJson(data);
          if (isJsonRpcMessage(parsed)) yield answering(message, withoutNullError(parsed));
        }
      } catch (error) {
        throw brokenOff(error);
      }
      return;
    }
    if (mediaType === 'application/json') {
      let text: string;
      try {
        text = await readText(response);
      } catch (error) {
        throw brokenOff(error);
      }
      const parsed = parseJson(text);
      const messages = Array.isArray(parsed) ? parsed : [parsed];
      if (messages.length > 0 && messages.every(isJsonRpcMessage)) {
        this.answered = true;
        for (const answer of messages) yield answering(message, withoutNullError(answer));
        return;
      }
    } else {
      discard(response);
    }
    throw remoteFailure(this.url.href, last);
  }

  /**
   * The messages a 2025 server sends outside any request (list changes, resource updates,
   * requests to the client), on the GET stream of its session. Ends without a message when the
   * server offers none (405) or the stream closes.
   */
  async *listen(headers: Record<string, string>, signal: AbortSignal): AsyncGenerator<JsonRpcMessage> {
    const response = await httpRequest(this.url, {
      method: 'GET',
      headers: await this.#headers({ ...headers, accept: 'text/event-stream' }),
      signal,
    });
    const status = response.statusCode ?? 0;
    const mediaType = headerOf(response, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (status < 200 || status > 299 || mediaType !== 'text/event-stream') {
      discard(response);
      return;
    }
    for await (const data of sseData(response)) {
      const parsed = parseJson(data);
      if (isJsonRpcMessage(parsed)) yield parsed;
    }
  }

  /** Ends a 2025 session the server issued (best effort: the client is gone either way). */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    try {
      const response = await httpRequest(this.url, {
        method: 'DELETE',
        headers: await this.#headers({}),
        signal: AbortSignal.timeout(2_000),
      });
      discard(response);
    } catch {
      // A server that cannot be reached has no session to end.
    }
  }

  async #post(message: JsonRpcMessage, options: ExchangeOptions): Promise<IncomingMessage> {
    const body = JSON.stringify(message);
    const headers = await this.#headers(options.headers ?? {});
    let response = await this.#send(body, headers, options);
    if (response.statusCode === 401 && this.#auth) {
      // Only the challenge matters to the sign-in (a Response, as the official client reads it).
      const wwwAuthenticate = headerOf(response, 'www-authenticate');
      const challenge = new Response(null, {
        status: 401,
        headers: wwwAuthenticate === null ? {} : { 'www-authenticate': wwwAuthenticate },
      });
      if (await this.#auth.onUnauthorized(challenge, headers.authorization)) {
        discard(response);
        response = await this.#send(body, await this.#headers(options.headers ?? {}), options);
      }
    }
    return response;
  }

  async #send(
    body: string,
    headers: Record<string, string>,
    options: ExchangeOptions,
  ): Promise<IncomingMessage> {
    try {
      return await httpRequest(this.url, { method: 'POST', headers, body, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const reason = socketErrorCode(error) ?? (error as Error).message;
      throw remoteFailure(this.url.href, {
        networkError: reason,
        status: 0,
        contentType: '',
        wwwAuthenticate: null,
      });
    }
  }

  /** The headers of a request, lower-case names. */
  async #headers(perMessage: Record<string, string>): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const set = (values: Record<string, string>) => {
      for (const [name, value] of Object.entries(values)) headers[name.toLowerCase()] = value;
    };
    const authorization = await this.#auth?.authorization();
    if (authorization !== undefined) headers.authorization = authorization;
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    set(perMessage);
    // Last: what the user wrote on the command line wins over what is derived per message.
    set(this.#staticHeaders);
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

/**
 * `"error": null` beside a result is how JSON-RPC 1.0 said "no error", and some servers still
 * send it: dropped, so the result is read (and a stdio client gets a valid 2.0 message).
 */
function withoutNullError(answer: JsonRpcMessage): JsonRpcMessage {
  if (!('error' in answer) || answer.error !== null) return answer;
  const { error: _none, ...rest } = answer;
  return rest;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
