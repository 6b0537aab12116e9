import { answerInputRequests, MissingClientCapability } from '../remote/input-requests.ts';
import {
  errorResponse,
  isRequest,
  isResponse,
  type JsonObject,
  type JsonRpcMessage,
  type JsonRpcRequest,
} from '../remote/json-rpc.ts';
import type { RemoteEndpoint } from '../remote/remote-endpoint.ts';
import { endedWithoutResult, RemoteFailure } from '../remote/remote-failure.ts';
import { type AnswerTimeout, withAnswerTimeout } from './answer-timeout.ts';
import type { ConnectionOptions, ServerConnection } from './server-connection.ts';
import { resultOf } from './server-error.ts';

const METHOD_NOT_FOUND = -32601;

/**
 * A server spoken to in a 2025 revision: `initialize` settles the revision (and may open a
 * session, whose id the endpoint echoes), and the server may ask for input with requests of
 * its own on a response stream (elicitation, sampling), answered by the person at the
 * terminal with a POST of their own.
 */
export class LegacyConnection implements ServerConnection {
  readonly #remote: RemoteEndpoint;
  readonly #options: ConnectionOptions;
  /** What `initialize` settled; undefined while it runs. */
  #initialized:
    | { revision: string; serverInfo: JsonObject | undefined; capabilities: JsonObject }
    | undefined;
  #requests = 0;

  /** Runs the handshake, offering the first of `revisions` and accepting any of them. */
  static async open(
    remote: RemoteEndpoint,
    revisions: string[],
    options: ConnectionOptions,
  ): Promise<LegacyConnection> {
    const connection = new LegacyConnection(remote, options);
    const result = await connection.request('initialize', {
      protocolVersion: revisions[0],
      capabilities: options.input.capabilities,
      clientInfo: options.clientInfo,
    });
    const revision = result.protocolVersion;
    if (typeof revision !== 'string' || !revisions.includes(revision)) {
      throw new RemoteFailure(
        `${remote.url.href} answered initialize with protocol ${String(revision)}, not ${revisions.join(' or ')}` +
          (revisions.length === 1 ? ': omit --protocol to negotiate one both sides speak.' : '.'),
        -32603,
      );
    }
    connection.#initialized = {
      revision,
      serverInfo: result.serverInfo as JsonObject | undefined,
      capabilities: (result.capabilities as JsonObject | undefined) ?? {},
    };
    await withAnswerTimeout(options.timeoutMs, remote.url, 'notifications/initialized', (timeout) =>
      connection.#post({ jsonrpc: '2.0', method: 'notifications/initialized' }, timeout.signal),
    );
    return connection;
  }

  constructor(remote: RemoteEndpoint, options: ConnectionOptions) {
    this.#remote = remote;
    this.#options = options;
  }

  get url(): URL {
    return this.#remote.url;
  }

  get revision(): string {
    return this.#initialized?.revision ?? '';
  }

  get serverInfo(): JsonObject | undefined {
    return this.#initialized?.serverInfo;
  }

  get capabilities(): JsonObject {
    return this.#initialized?.capabilities ?? {};
  }

  request(method: string, params: JsonObject = {}): Promise<JsonObject> {
    this.#requests += 1;
    const request: JsonRpcRequest = { jsonrpc: '2.0', id: this.#requests, method, params };
    return withAnswerTimeout(this.#options.timeoutMs, this.url, method, async (timeout) => {
      const answers = this.#remote.exchange(request, { signal: timeout.signal, headers: this.#headers() });
      for await (const message of answers) {
        if (isResponse(message) && message.id === request.id) return resultOf(message);
        if (isRequest(message)) await this.#answerServer(method, message, timeout);
        // Notifications (progress, log messages) are not shown.
      }
      throw endedWithoutResult(this.url, method);
    });
  }

  /** Ends the session, if the server opened one. */
  close(): Promise<void> {
    return this.#remote.close();
  }

  /** A request the server sent while answering `method`: asked at the terminal, answered with a POST. */
  async #answerServer(method: string, request: JsonRpcRequest, timeout: AnswerTimeout): Promise<void> {
    const { input } = this.#options;
    let reply: JsonRpcMessage;
    if (request.method === 'ping') {
      reply = { jsonrpc: '2.0', id: request.id, result: {} };
    } else {
      try {
        const asked = { answer: { method: request.method, params: request.params } };
        const { answer } = await timeout.paused(() =>
          answerInputRequests(method, asked, input.capabilities, input, timeout.signal),
        );
        reply = { jsonrpc: '2.0', id: request.id, result: answer as JsonObject };
      } catch (error) {
        reply =
          error instanceof MissingClientCapability
            ? errorResponse(request.id, METHOD_NOT_FOUND, `Method not found: ${request.method}`)
            : errorResponse(request.id, -32603, (error as Error).message);
      }
    }
    await this.#post(reply, timeout.signal);
  }

  /** A message that gets no answer of its own (a notification, a response). */
  async #post(message: JsonRpcMessage, signal: AbortSignal): Promise<void> {
    for await (const _ of this.#remote.exchange(message, { signal, headers: this.#headers() })) {
      // A server answers them with 202; anything it says anyway is not for `call`.
    }
  }

  /** After initialize, every request names the revision it settled. */
  #headers(): Record<string, string> {
    return this.#initialized === undefined ? {} : { 'mcp-protocol-version': this.#initialized.revision };
  }
}
