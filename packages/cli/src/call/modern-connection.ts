import { answerInputRequests } from '../remote/input-requests.ts';
import { requestUntilComplete } from '../remote/input-rounds.ts';
import type { JsonObject } from '../remote/json-rpc.ts';
import type { ModernExchange } from '../remote/modern-exchange.ts';
import { clientMeta, META } from '../remote/modern-revision.ts';
import { MODERN_REVISION } from '../remote/protocol-revisions.ts';
import { withAnswerTimeout } from './answer-timeout.ts';
import type { ConnectionOptions, ServerConnection } from './server-connection.ts';
import { resultOf } from './server-error.ts';

/**
 * A server that speaks 2026-07-28: no session, every request carries the client's `_meta`,
 * and a result that needs input (`input_required`) is answered by the person at the terminal
 * and sent again, round after round, until it is complete.
 */
export class ModernConnection implements ServerConnection {
  readonly revision = MODERN_REVISION;
  readonly serverInfo: JsonObject | undefined;
  readonly capabilities: JsonObject;
  readonly #exchange: ModernExchange;
  readonly #options: ConnectionOptions;
  #requests = 0;

  /** Over `exchange`, with what the server's `server/discover` said about itself. */
  constructor(exchange: ModernExchange, discover: JsonObject, options: ConnectionOptions) {
    this.#exchange = exchange;
    this.#options = options;
    this.serverInfo = (discover._meta as JsonObject | undefined)?.[META.serverInfo] as JsonObject | undefined;
    this.capabilities = (discover.capabilities as JsonObject | undefined) ?? {};
  }

  get url(): URL {
    return this.#exchange.url;
  }

  request(method: string, params: JsonObject = {}): Promise<JsonObject> {
    const { clientInfo, input, timeoutMs } = this.#options;
    this.#requests += 1;
    const _meta = clientMeta(MODERN_REVISION, { clientInfo, capabilities: input.capabilities });
    const request = { jsonrpc: '2.0', id: this.#requests, method, params: { ...params, _meta } } as const;
    return withAnswerTimeout(timeoutMs, this.url, method, async (timeout) => {
      const answer = await requestUntilComplete(
        this.#exchange,
        request,
        (inputRequests) =>
          timeout.paused(() =>
            answerInputRequests(method, inputRequests, input.capabilities, input, timeout.signal),
          ),
        timeout.signal,
      );
      return resultOf(answer);
    });
  }

  async close(): Promise<void> {
    // Stateless: nothing to end.
  }
}
