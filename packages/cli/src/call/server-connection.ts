import type { InputProvider } from '../remote/input-requests.ts';
import type { JsonObject } from '../remote/json-rpc.ts';

/** A server `call` settled a revision with, whichever one it speaks. */
export interface ServerConnection {
  readonly url: URL;
  /** The revision both sides speak. */
  readonly revision: string;
  /** How the server describes itself (name, version, title, ...). */
  readonly serverInfo: JsonObject | undefined;
  readonly capabilities: JsonObject;
  /** Resolves to the request's result; an error answer throws a ServerError. */
  request(method: string, params?: JsonObject): Promise<JsonObject>;
  close(): Promise<void>;
}

/** Who answers the server's questions, and the client capabilities that lets `call` declare. */
export interface ClientInput extends InputProvider {
  readonly capabilities: JsonObject;
}

/** Nobody to ask (stdin is not a terminal): no capability declared, so the server asks nothing. */
export const NO_INPUT: ClientInput = {
  capabilities: {},
  request: (method) => Promise.reject(new Error(`nobody can answer ${method} here`)),
};

export interface ConnectionOptions {
  clientInfo: JsonObject;
  input: ClientInput;
  /** How long to wait for each answer. */
  timeoutMs: number;
}
