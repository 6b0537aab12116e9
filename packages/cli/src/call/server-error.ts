import type { JsonObject, JsonRpcError, JsonRpcResponse } from '../remote/json-rpc.ts';
import { withoutResultType } from '../remote/modern-revision.ts';

/** The server answered a request with a JSON-RPC error (unknown tool, invalid params, ...). */
export class ServerError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(error: JsonRpcError) {
    super(error.message);
    this.name = 'ServerError';
    this.code = error.code;
    this.data = error.data;
  }
}

/** The result of a final answer, as `call` prints it; an error answer throws a ServerError. */
export function resultOf(answer: JsonRpcResponse): JsonObject {
  if (answer.error !== undefined) throw new ServerError(answer.error);
  return withoutResultType(answer.result ?? {});
}
