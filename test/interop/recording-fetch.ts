import { EventStreamParser } from './event-stream-parser.ts';
import { type Violation, validateServerMessage } from './spec-validator.ts';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** One HTTP exchange as the client saw it. */
export interface RecordedExchange {
  /** The JSON-RPC method the client sent (`(none)` for GETs and such). */
  method: string;
  /** The request's `_meta` protocol version, else its MCP-Protocol-Version header. */
  revision: string;
  requestHeaders: Headers;
  status: number;
  headers: Headers;
  /** Every JSON-RPC message of the response body: the JSON body, or each SSE event. */
  messages: unknown[];
}

const LATEST = '2026-07-28';
const KNOWN_REVISIONS = new Set(['2025-03-26', '2025-06-18', '2025-11-25', LATEST]);
const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';

/**
 * Wraps a `fetch` so that every response a client receives is recorded and validated
 * against the spec schema of its revision, as it streams: SSE events are checked one by
 * one while the client reads them. Tests assert `violations` is empty at the end.
 */
export class RecordingFetch {
  readonly exchanges: RecordedExchange[] = [];
  readonly violations: Violation[] = [];
  readonly #base: Fetch;

  constructor(base: Fetch = globalThis.fetch) {
    this.#base = base;
  }

  readonly fetch: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const sent = parseJson(request.body ? await request.clone().text() : '');
    const method = typeof sent?.method === 'string' ? sent.method : '(none)';
    const response = await this.#base(request);
    const exchange: RecordedExchange = {
      method,
      revision: revisionOf(sent, request.headers),
      requestHeaders: request.headers,
      status: response.status,
      headers: response.headers,
      messages: [],
    };
    this.exchanges.push(exchange);
    // Only answers to requests carry server messages; a notification gets 202 and no body.
    if (sent?.id === undefined) return response;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('application/json')) {
      const text = await response.clone().text();
      this.#record(exchange, parseJson(text) ?? text);
      return response;
    }
    if (contentType.startsWith('text/event-stream') && response.body) {
      const parser = new EventStreamParser();
      const decoder = new TextDecoder();
      const observed = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, controller) => {
            for (const data of parser.push(decoder.decode(chunk, { stream: true }))) {
              this.#record(exchange, parseJson(data) ?? data);
            }
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(observed, { status: response.status, headers: response.headers });
    }
    return response;
  };

  /** The messages of every exchange of `method`, in order. */
  messagesOf(method: string): unknown[] {
    return this.exchanges.filter((e) => e.method === method).flatMap((e) => e.messages);
  }

  #record(exchange: RecordedExchange, message: unknown): void {
    exchange.messages.push(message);
    // initialize is answered in the revision it negotiates, not the one it asked for.
    const negotiated = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    const revision =
      exchange.method === 'initialize' && typeof negotiated === 'string' ? negotiated : exchange.revision;
    const checked = KNOWN_REVISIONS.has(revision) ? revision : LATEST;
    this.violations.push(...validateServerMessage(checked, exchange.method, message));
  }
}

function revisionOf(sent: Record<string, unknown> | undefined, headers: Headers): string {
  const params = sent?.params as { _meta?: Record<string, unknown>; protocolVersion?: unknown } | undefined;
  const metaVersion = params?._meta?.[PROTOCOL_VERSION_META];
  if (typeof metaVersion === 'string') return metaVersion;
  if (sent?.method === 'initialize' && typeof params?.protocolVersion === 'string')
    return params.protocolVersion;
  // A 2025 request without the header is a 2025-03-26 one (the transport spec's default).
  return headers.get('mcp-protocol-version') ?? '2025-03-26';
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
