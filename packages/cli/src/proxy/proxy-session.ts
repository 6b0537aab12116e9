import {
  answerInputRequests,
  MISSING_CAPABILITY,
  MissingClientCapability,
} from '../remote/input-requests.ts';
import { requestUntilComplete } from '../remote/input-rounds.ts';
import {
  errorResponse,
  idKey,
  isRequest,
  isResponse,
  type JsonObject,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '../remote/json-rpc.ts';
import { ModernExchange } from '../remote/modern-exchange.ts';
import { clientMeta, metaRevision, withoutResultType } from '../remote/modern-revision.ts';
import { MODERN_REVISION } from '../remote/protocol-revisions.ts';
import type { RemoteEndpoint } from '../remote/remote-endpoint.ts';
import { endedWithoutResult, RemoteFailure } from '../remote/remote-failure.ts';
import { discoverModern } from '../remote/server-discover.ts';
import { ClientRequestError, ClientRequests } from './client-requests.ts';
import { initializeResultFrom } from './legacy-initialize.ts';

/**
 * How the stdio client's 2025 messages reach the remote:
 * - `relay`: the remote speaks only 2025; every message goes as it is (session id included);
 * - `bridged`: the remote speaks 2026-07-28; the proxy answers `initialize` from
 *   `server/discover`, adds the 2026 `_meta` to each request, and answers MRTR input requests
 *   by asking the client with its own elicitation, sampling or roots requests.
 * A client that speaks 2026-07-28 itself (its requests carry the `_meta`) is forwarded as it is.
 */
type Lane = 'unknown' | 'relay' | 'bridged';

/** How long answers still on their way are awaited once stdin ended, before they are given up. */
const CLOSE_GRACE_MS = 5_000;

interface LegacyClient {
  capabilities: JsonObject;
  clientInfo: JsonObject;
  protocolVersion: unknown;
}

export class ProxySession {
  readonly #remote: RemoteEndpoint;
  readonly #send: (message: JsonRpcMessage) => void;
  readonly #log: (line: string) => void;
  readonly #clientRequests: ClientRequests;
  readonly #modern: ModernExchange;
  readonly #inFlight = new Map<string, AbortController>();
  readonly #running = new Set<Promise<void>>();
  readonly #logged = new Set<string>();
  /** Aborted when stdin ends: the session's GET stream then closes. */
  readonly #listening = new AbortController();
  /** Aborted when the answers still awaited after stdin ended are given up: nothing more is sent. */
  readonly #gone = new AbortController();
  #lane: Lane = 'unknown';
  #client: LegacyClient | undefined;
  /** The revision a relayed initialize settled on: the MCP-Protocol-Version of later requests. */
  #negotiated: string | undefined;
  /** 2026-07-28 has no logging/setLevel: the level a bridged client set rides in each `_meta`. */
  #logLevel: string | undefined;
  /** Set while initialize runs: later messages wait for the lane it picks. */
  #initializing: Promise<void> | undefined;
  /** Whether some message could not be delivered: the exit code reports it if nothing worked. */
  failed = false;

  constructor(remote: RemoteEndpoint, send: (message: JsonRpcMessage) => void, log: (line: string) => void) {
    this.#remote = remote;
    this.#send = send;
    this.#log = log;
    this.#clientRequests = new ClientRequests(send);
    this.#modern = new ModernExchange(remote, send);
  }

  /** Routes one message from the stdio client. */
  handle(message: JsonRpcMessage): void {
    if (isResponse(message)) {
      if (!this.#clientRequests.settle(message))
        this.#track(this.#afterInitialize(() => this.#response(message)));
    } else if (isRequest(message) && message.method === 'initialize') {
      const work = this.#request(message);
      this.#initializing = work;
      this.#track(work);
    } else if (isRequest(message)) {
      this.#track(this.#afterInitialize(() => this.#request(message)));
    } else {
      this.#track(this.#afterInitialize(() => this.#notification(message as JsonRpcNotification)));
    }
  }

  /** Clients should wait for the initialize answer; the ones that do not still get the right lane. */
  async #afterInitialize(work: () => Promise<void>): Promise<void> {
    if (this.#initializing !== undefined) await this.#initializing;
    await work();
  }

  /**
   * stdin ended: answers still coming are delivered for a while, questions to the client are
   * given up. A remote that does not answer by then is given up too (its requests closed), so
   * the process ends, as a client that closed stdin expects, instead of waiting forever.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.#clientRequests.abandon();
    this.#listening.abort();
    const settled = Promise.allSettled([...this.#running]);
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!late) return;
    const waiting = this.#inFlight.size;
    this.#gone.abort();
    for (const controller of this.#inFlight.values()) controller.abort();
    if (waiting > 0) {
      this.failed = true;
      this.#log(
        `stdin closed and ${this.#remote.url.href} had not answered ${waiting === 1 ? '1 request' : `${waiting} requests`} ${graceMs / 1000} s later: gave up`,
      );
    }
    await Promise.allSettled([...this.#running]);
  }

  #track(work: Promise<void>): void {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work));
  }

  async #request(request: JsonRpcRequest): Promise<void> {
    if (this.#gone.signal.aborted) return;
    const controller = new AbortController();
    const key = idKey(request.id);
    this.#inFlight.set(key, controller);
    try {
      const revision = metaRevision(request.params);
      if (request.method === 'initialize') await this.#initialize(request, controller.signal);
      else if (revision !== undefined && revision >= MODERN_REVISION)
        await this.#direct(request, revision, controller.signal);
      else if (this.#lane === 'bridged') await this.#bridged(request, controller.signal);
      else await this.#relay(request, controller.signal);
    } catch (error) {
      // Cancelled by the client: it expects no answer (and the remote stream is closed).
      if (controller.signal.aborted) return;
      this.#answerFailure(request.id, error);
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #notification(notification: JsonRpcNotification): Promise<void> {
    if (notification.method === 'notifications/cancelled') {
      const requestId = notification.params?.requestId as JsonRpcId | undefined;
      const controller = requestId === undefined ? undefined : this.#inFlight.get(idKey(requestId));
      // Closing the response stream is the cancellation on Streamable HTTP: abort the POST.
      controller?.abort();
      // 2025 servers also read the notification (and 2026-07-28 defines none over HTTP).
      if (this.#lane !== 'relay') return;
    } else if (this.#lane !== 'relay') {
      // initialized, roots/list_changed ...: 2026-07-28 has no client notifications over HTTP.
      return;
    }
    await this.#forwardQuietly(notification);
    if (notification.method === 'notifications/initialized' && this.#remote.sessionId !== undefined)
      this.#track(this.#listen());
  }

  /**
   * A client's answer to a request the remote sent (2025 servers ask on their streams). Toward a
   * 2026-07-28 server, which sends none and accepts no responses, it can only be a late answer
   * to a question the proxy withdrew: dropped.
   */
  async #response(response: JsonRpcMessage): Promise<void> {
    if (this.#lane === 'bridged') return;
    await this.#forwardQuietly(response);
  }

  /** Relays a 2025 session's GET stream until stdin ends: what the server says unprompted. */
  async #listen(): Promise<void> {
    try {
      for await (const message of this.#remote.listen(this.#legacyHeaders(), this.#listening.signal))
        this.#send(message);
    } catch (error) {
      // The requests still work without it: one line, and the exit code is not affected.
      if (!this.#listening.signal.aborted)
        this.#log(`the event stream of ${this.#remote.url.href} ended: ${(error as Error).message}`);
    }
  }

  /** A message that gets no answer of its own (notification, response): failures are only logged. */
  async #forwardQuietly(message: JsonRpcMessage): Promise<void> {
    const signal = this.#gone.signal;
    if (signal.aborted) return;
    try {
      for await (const answer of this.#remote.exchange(message, { headers: this.#legacyHeaders(), signal }))
        this.#send(answer);
    } catch (error) {
      if (signal.aborted) return;
      this.#logFailure(error);
    }
  }

  async #initialize(request: JsonRpcRequest, signal: AbortSignal): Promise<void> {
    const params = request.params ?? {};
    this.#client = {
      capabilities: (params.capabilities as JsonObject | undefined) ?? {},
      clientInfo: (params.clientInfo as JsonObject | undefined) ?? { name: 'stdio client', version: '0.0.0' },
      protocolVersion: params.protocolVersion,
    };
    const discover = await this.#discover(request.id, signal);
    if (discover !== undefined) {
      this.#lane = 'bridged';
      this.#send({
        jsonrpc: '2.0',
        id: request.id,
        result: initializeResultFrom(discover, params.protocolVersion),
      });
      return;
    }
    this.#lane = 'relay';
    await this.#relay(request, signal, (message) => {
      const version = message.result?.protocolVersion;
      if (typeof version === 'string') this.#negotiated = version;
    });
  }

  /** The remote's `server/discover` result when it speaks 2026-07-28, else undefined (a 2025 server). */
  #discover(id: JsonRpcId, signal: AbortSignal): Promise<JsonObject | undefined> {
    const params = { _meta: this.#bridgedMeta() };
    return discoverModern(this.#modern, { jsonrpc: '2.0', id, method: 'server/discover', params }, signal);
  }

  /** A request as it is, and every message of its answer; `onResponse` sees the response first. */
  async #relay(
    request: JsonRpcRequest,
    signal: AbortSignal,
    onResponse: (response: JsonRpcResponse) => void = () => {},
  ): Promise<void> {
    let answered = false;
    for await (const message of this.#remote.exchange(request, { signal, headers: this.#legacyHeaders() })) {
      if (isResponse(message) && message.id === request.id) {
        answered = true;
        onResponse(message);
      }
      this.#send(message);
    }
    // Else the client would wait for an answer that is not coming.
    if (!answered) throw endedWithoutResult(this.#remote.url, request.method);
  }

  /** A 2026-07-28 client: its messages go as they are, with the headers a stdio client cannot set. */
  async #direct(request: JsonRpcRequest, revision: string, signal: AbortSignal): Promise<void> {
    await this.#modern.forward(request, revision, signal);
  }

  async #bridged(request: JsonRpcRequest, signal: AbortSignal): Promise<void> {
    if (request.method === 'ping') {
      this.#send({ jsonrpc: '2.0', id: request.id, result: {} });
      return;
    }
    if (request.method === 'logging/setLevel') {
      this.#logLevel = String(request.params?.level);
      this.#send({ jsonrpc: '2.0', id: request.id, result: {} });
      return;
    }
    const original = request.params ?? {};
    const params: JsonObject = {
      ...original,
      _meta: { ...((original._meta as JsonObject | undefined) ?? {}), ...this.#bridgedMeta() },
    };
    const capabilities = this.#client?.capabilities ?? {};
    const answer = await requestUntilComplete(
      this.#modern,
      { ...request, params },
      (inputRequests) =>
        answerInputRequests(request.method, inputRequests, capabilities, this.#clientRequests, signal),
      signal,
    );
    if (answer.error !== undefined || answer.result === undefined) {
      this.#send({ ...answer, id: request.id });
      return;
    }
    this.#send({ jsonrpc: '2.0', id: request.id, result: withoutResultType(answer.result) });
  }

  #bridgedMeta(): JsonObject {
    const client = {
      capabilities: this.#client?.capabilities ?? {},
      clientInfo: this.#client?.clientInfo ?? { name: 'stdio client', version: '0.0.0' },
    };
    return clientMeta(MODERN_REVISION, client, this.#logLevel);
  }

  #legacyHeaders(): Record<string, string> {
    return this.#negotiated === undefined ? {} : { 'mcp-protocol-version': this.#negotiated };
  }

  #answerFailure(id: JsonRpcId, error: unknown): void {
    if (error instanceof MissingClientCapability) {
      this.#send(
        errorResponse(id, MISSING_CAPABILITY, error.message, {
          requiredCapabilities: error.requiredCapabilities,
        }),
      );
      return;
    }
    if (error instanceof ClientRequestError) {
      this.#send(errorResponse(id, error.error.code, error.message));
      return;
    }
    this.#logFailure(error);
    const code = error instanceof RemoteFailure ? error.code : -32603;
    const message =
      error instanceof RemoteFailure ? error.message : `lambda-mcp proxy failed: ${(error as Error).message}`;
    this.#send(errorResponse(id, code, message));
  }

  /** One stderr line per distinct failure: a client retrying every second must not flood the log. */
  #logFailure(error: unknown): void {
    this.failed = true;
    const line =
      error instanceof RemoteFailure
        ? error.message
        : `unexpected error: ${(error as Error)?.stack ?? String(error)}`;
    if (this.#logged.has(line)) return;
    this.#logged.add(line);
    this.#log(line);
  }
}
