import type { JsonObject, JsonRpcError, JsonRpcResponse } from '../remote/json-rpc.ts';
import { withoutResultType } from '../remote/modern-revision.ts';
import { RemoteFailure } from '../remote/remote-failure.ts';

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
  if (answer.error !== undefined) {
    // Shown as it came: read as { code, message }, it printed "error undefined: ".
    if (!isJsonRpcError(answer.error)) {
      throw new RemoteFailure(
        `the server answered an error without the numeric code and message JSON-RPC gives one: ${JSON.stringify(answer.error)}`,
        -32603,
      );
    }
    throw new ServerError(answer.error);
  }
  return withoutResultType(answer.result ?? {});
}

function isJsonRpcError(error: unknown): error is JsonRpcError {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof error === 'object' && typeof code === 'number' && typeof message === 'string';
}
