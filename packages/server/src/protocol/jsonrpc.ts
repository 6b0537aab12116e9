import { ErrorCode, invalidRequest, ProtocolError } from './errors.ts';

export type RequestId = string | number;
export type JsonObject = Record<string, unknown>;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: JsonObject;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonObject;
}

export interface JsonRpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: RequestId; result: JsonObject }
  | { jsonrpc: '2.0'; id: RequestId | null; error: JsonRpcErrorBody };

export type IncomingMessage =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one HTTP body into a single JSON-RPC request or notification. Everything the
 * Streamable HTTP transport refuses (batches, responses, malformed envelopes) throws a
 * ProtocolError whose message says why.
 */
export function parseMessage(body: string): IncomingMessage {
  let value: unknown;
  try {
    // A leading byte order mark is read past (RFC 8259 section 8.1 lets a parser ignore it):
    // the fetch host's decoder drops it already, so the node and Lambda hosts do the same.
    value = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch {
    throw new ProtocolError(ErrorCode.ParseError, 'Parse error: the body is not valid JSON');
  }
  if (Array.isArray(value)) {
    throw invalidRequest(
      'Invalid Request: JSON-RPC batches are not supported; send one message per HTTP POST',
    );
  }
  if (!isJsonObject(value)) {
    throw invalidRequest('Invalid Request: the body must be a JSON-RPC object');
  }
  if (!('method' in value) && ('result' in value || 'error' in value)) {
    // A response answers nothing here: its id names no request of this server.
    throw invalidRequest(
      'Invalid Request: this server sends no requests, so it accepts no JSON-RPC responses',
    );
  }
  // An id that could be read goes back with the error: the client correlates answers by it.
  const id = isRequestId(value.id) ? value.id : undefined;
  if (value.jsonrpc !== '2.0') {
    throw new InvalidEnvelope('Invalid Request: "jsonrpc" must be "2.0"', id);
  }
  if (!('method' in value)) {
    throw new InvalidEnvelope('Invalid Request: "method" is required', id);
  }
  if (typeof value.method !== 'string' || value.method === '') {
    throw new InvalidEnvelope('Invalid Request: "method" must be a non-empty string', id);
  }
  if (value.params !== undefined && !isJsonObject(value.params)) {
    throw new InvalidEnvelope('Invalid Request: "params" must be an object', id);
  }
  if (!('id' in value)) {
    return { kind: 'notification', message: value as unknown as JsonRpcNotification };
  }
  if (id === undefined) {
    throw invalidRequest(
      'Invalid Request: "id" must be a string or an integer between -(2^53 - 1) and 2^53 - 1',
    );
  }
  return { kind: 'request', message: value as unknown as JsonRpcRequest };
}

/** A string, or an integer JSON.parse read exactly (past 2^53 it has been rounded: another id). */
function isRequestId(id: unknown): id is RequestId {
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id));
}

/** An Invalid Request whose id was readable: the error answer carries it. */
export class InvalidEnvelope extends ProtocolError {
  readonly requestId: RequestId | undefined;

  constructor(message: string, requestId: RequestId | undefined) {
    super(ErrorCode.InvalidRequest, message);
    this.requestId = requestId;
  }
}

export function resultResponse(id: RequestId, result: JsonObject): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: RequestId | null, error: JsonRpcErrorBody): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}
