import {
  isRequest,
  isResponse,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './json-rpc.ts';
import { MODERN_REVISION, metaRevision, modernHeaders } from './modern-revision.ts';
import type { RemoteEndpoint } from './remote-endpoint.ts';
import { RemoteFailure } from './remote-failure.ts';
import { ToolParamHeaders } from './tool-param-headers.ts';

/**
 * 2026-07-28 requests on their way to the remote: with the headers the revision requires
 * (derived from each message, since a stdio client sets none), the notifications of each
 * answer passed to the client as they arrive.
 */
export class ModernExchange {
  readonly #remote: RemoteEndpoint;
  readonly #send: (message: JsonRpcMessage) => void;
  readonly #tools = new ToolParamHeaders();
  #listings = 0;

  constructor(remote: RemoteEndpoint, send: (message: JsonRpcMessage) => void) {
    this.#remote = remote;
    this.#send = send;
  }

  /** A 2026-07-28 client's request: every message of the answer goes to the client as it is. */
  async forward(request: JsonRpcRequest, revision: string, signal: AbortSignal): Promise<void> {
    const headers = { ...modernHeaders(request, revision), ...(await this.#paramHeaders(request, signal)) };
    for await (const message of this.#remote.exchange(request, { signal, headers })) {
      if (request.method === 'tools/list' && isResponse(message)) this.#tools.remember(message.result);
      this.#send(message);
    }
  }

  /**
   * One round of a request the proxy completes itself (bridged, or its own): notifications
   * (progress, log messages) go to the client as they come, the final answer is returned.
   */
  async round(request: JsonRpcRequest, revision: string, signal: AbortSignal): Promise<JsonRpcResponse> {
    const headers = { ...modernHeaders(request, revision), ...(await this.#paramHeaders(request, signal)) };
    for await (const message of this.#remote.exchange(request, { signal, headers })) {
      if (isResponse(message) && message.id === request.id) {
        if (request.method === 'tools/list') this.#tools.remember(message.result);
        return message;
      }
      // 2026-07-28 servers send no requests on a response stream; only notifications pass.
      if (!isRequest(message) && !isResponse(message)) this.#send(message);
    }
    throw new RemoteFailure(
      `${this.#remote.url.href} ended its answer to ${request.method} without a result.`,
      -32603,
    );
  }

  /** `Mcp-Param-*` headers for a tools/call: lists the tools first if the tool's schema is unknown. */
  async #paramHeaders(request: JsonRpcRequest, signal: AbortSignal): Promise<Record<string, string>> {
    const name = request.params?.name;
    if (request.method !== 'tools/call' || typeof name !== 'string') return {};
    const revision = metaRevision(request.params) ?? MODERN_REVISION;
    let cursor: unknown;
    while (!this.#tools.knows(name)) {
      this.#listings += 1;
      const list: JsonRpcRequest = {
        jsonrpc: '2.0',
        id: `lambda-mcp-proxy-tools-${this.#listings}`,
        method: 'tools/list',
        params: { _meta: request.params?._meta ?? {}, ...(cursor === undefined ? {} : { cursor }) },
      };
      const answer = await this.round(list, revision, signal);
      cursor = answer.result?.nextCursor;
      if (typeof cursor !== 'string') break;
    }
    return this.#tools.headersFor(name, request.params?.arguments);
  }
}
