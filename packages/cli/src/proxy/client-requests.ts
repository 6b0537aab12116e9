import {
  idKey,
  type JsonObject,
  type JsonRpcError,
  type JsonRpcMessage,
  type JsonRpcResponse,
} from '../remote/json-rpc.ts';

/** The stdio client refused or failed a request the proxy sent it. */
export class ClientRequestError extends Error {
  readonly error: JsonRpcError;

  constructor(method: string, error: JsonRpcError) {
    super(`the client answered ${method} with error ${error.code}: ${error.message}`);
    this.name = 'ClientRequestError';
    this.error = error;
  }
}

interface Pending {
  method: string;
  resolve(result: JsonObject): void;
  reject(error: Error): void;
}

/**
 * Requests the proxy itself sends to the stdio client (elicitation, sampling, roots when it
 * bridges MRTR), with ids of their own so their answers are told apart from answers to the
 * remote server's requests.
 */
export class ClientRequests {
  readonly #send: (message: JsonRpcMessage) => void;
  readonly #pending = new Map<string, Pending>();
  #next = 0;

  constructor(send: (message: JsonRpcMessage) => void) {
    this.#send = send;
  }

  request(method: string, params: JsonObject | undefined, signal: AbortSignal): Promise<JsonObject> {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.#next += 1;
    const id = `lambda-mcp-proxy-${this.#next}`;
    const key = idKey(id);
    return new Promise<JsonObject>((resolve, reject) => {
      const onAbort = () => {
        this.#pending.delete(key);
        // The client may be showing a form: tell it the question no longer stands.
        this.#send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id } });
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      this.#pending.set(key, {
        method,
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.#send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    });
  }

  /** The client is gone (stdin ended): nobody will answer what is still asked. */
  abandon(): void {
    for (const pending of this.#pending.values()) pending.reject(new Error('the client closed stdin'));
    this.#pending.clear();
  }

  /** Settles the request a response answers; false when the response is for someone else's request. */
  settle(response: JsonRpcResponse): boolean {
    if (response.id === null) return false;
    const key = idKey(response.id);
    const pending = this.#pending.get(key);
    if (pending === undefined) return false;
    this.#pending.delete(key);
    if (response.error) pending.reject(new ClientRequestError(pending.method, response.error));
    else pending.resolve(response.result ?? {});
    return true;
  }
}
