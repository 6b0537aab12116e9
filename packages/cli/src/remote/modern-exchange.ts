import {
  isRequest,
  isResponse,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './json-rpc.ts';
import { metaRevision, modernHeaders } from './modern-revision.ts';
import { MODERN_REVISION } from './protocol-revisions.ts';
import type { RemoteEndpoint } from './remote-endpoint.ts';
import { endedWithoutResult } from './remote-failure.ts';
import { ToolParamHeaders } from './tool-param-headers.ts';

/** 2026-07-28's HeaderMismatch: the `Mcp-*` headers do not mirror the body (or are missing). */
const HEADER_MISMATCH = -32020;

/**
 * What a `tools/call` does when the tool's schema (which arguments go in `Mcp-Param-*`
 * headers) is not known yet: `list-first` lists the tools before it (a proxy relays calls of
 * tools its client listed long ago); `retry-on-mismatch` sends it without the headers and lists
 * only if the server answers HeaderMismatch, as the official client does (one round trip for
 * the tools that have no such arguments, which are most).
 */
export type UnknownToolHeaders = 'list-first' | 'retry-on-mismatch';

/**
 * 2026-07-28 requests on their way to the remote: with the headers the revision requires
 * (derived from each message, since a stdio client sets none), the notifications of each
 * answer passed on as they arrive.
 */
export class ModernExchange {
  readonly #remote: RemoteEndpoint;
  readonly #send: (message: JsonRpcMessage) => void;
  readonly #unknownTools: UnknownToolHeaders;
  readonly #tools = new ToolParamHeaders();
  #listings = 0;

  /** `send` gets what the remote says besides the answer awaited (everything, for `forward`). */
  constructor(
    remote: RemoteEndpoint,
    send: (message: JsonRpcMessage) => void,
    unknownTools: UnknownToolHeaders = 'list-first',
  ) {
    this.#remote = remote;
    this.#send = send;
    this.#unknownTools = unknownTools;
  }

  get url(): URL {
    return this.#remote.url;
  }

  /** A 2026-07-28 client's request: every message of the answer goes to the client as it is. */
  async forward(request: JsonRpcRequest, revision: string, signal: AbortSignal): Promise<void> {
    const headers = { ...modernHeaders(request, revision), ...(await this.#paramHeaders(request, signal)) };
    let answered = false;
    for await (const message of this.#remote.exchange(request, { signal, headers })) {
      if (isResponse(message) && message.id === request.id) {
        answered = true;
        if (request.method === 'tools/list') this.#tools.remember(message.result);
      }
      this.#send(message);
    }
    if (!answered) throw endedWithoutResult(this.#remote.url, request.method);
  }

  /**
   * One round of a request completed here (bridged, or the exchange's own): notifications
   * (progress, log messages) are passed on as they come, the final answer is returned.
   */
  async round(request: JsonRpcRequest, revision: string, signal: AbortSignal): Promise<JsonRpcResponse> {
    if (this.#unknownTools === 'list-first' || this.#knowsHeadersOf(request))
      return this.#round(request, revision, signal, await this.#paramHeaders(request, signal));
    const answer = await this.#round(request, revision, signal, {});
    if (answer.error?.code !== HEADER_MISMATCH) return answer;
    return this.#round(request, revision, signal, await this.#paramHeaders(request, signal));
  }

  async #round(
    request: JsonRpcRequest,
    revision: string,
    signal: AbortSignal,
    paramHeaders: Record<string, string>,
  ): Promise<JsonRpcResponse> {
    const headers = { ...modernHeaders(request, revision), ...paramHeaders };
    for await (const message of this.#remote.exchange(request, { signal, headers })) {
      if (isResponse(message) && message.id === request.id) {
        if (request.method === 'tools/list') this.#tools.remember(message.result);
        return message;
      }
      // 2026-07-28 servers send no requests on a response stream; only notifications pass.
      if (!isRequest(message) && !isResponse(message)) this.#send(message);
    }
    throw endedWithoutResult(this.#remote.url, request.method);
  }

  #knowsHeadersOf(request: JsonRpcRequest): boolean {
    const name = request.params?.name;
    return request.method !== 'tools/call' || typeof name !== 'string' || this.#tools.knows(name);
  }

  /** `Mcp-Param-*` headers for a tools/call: lists the tools first if the tool's schema is unknown. */
  async #paramHeaders(request: JsonRpcRequest, signal: AbortSignal): Promise<Record<string, string>> {
    const name = request.params?.name;
    if (request.method !== 'tools/call' || typeof name !== 'string') return {};
    const revision = metaRevision(request.params) ?? MODERN_REVISION;
    let cursor: unknown;
    // A remote that hands back a cursor seen before would be listed for ever.
    const seen = new Set<string>();
    while (!this.#tools.knows(name)) {
      this.#listings += 1;
      const list: JsonRpcRequest = {
        jsonrpc: '2.0',
        id: `lambda-mcp-tools-${this.#listings}`,
        method: 'tools/list',
        params: { _meta: request.params?._meta ?? {}, ...(cursor === undefined ? {} : { cursor }) },
      };
      const answer = await this.#round(list, revision, signal, {});
      cursor = answer.result?.nextCursor;
      if (typeof cursor !== 'string' || seen.has(cursor)) break;
      seen.add(cursor);
    }
    return this.#tools.headersFor(name, request.params?.arguments);
  }
}
