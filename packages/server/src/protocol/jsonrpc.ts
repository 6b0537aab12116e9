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
    value = JSON.parse(body);
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
  if (value.jsonrpc !== '2.0') {
    throw invalidRequest('Invalid Request: "jsonrpc" must be "2.0"');
  }
  if (!('method' in value)) {
    if ('result' in value || 'error' in value) {
      throw invalidRequest(
        'Invalid Request: this server sends no requests, so it accepts no JSON-RPC responses',
      );
    }
    throw invalidRequest('Invalid Request: "method" is required');
  }
  if (typeof value.method !== 'string' || value.method === '') {
    throw invalidRequest('Invalid Request: "method" must be a non-empty string');
  }
  if (value.params !== undefined && !isJsonObject(value.params)) {
    throw invalidRequest('Invalid Request: "params" must be an object');
  }
  if (!('id' in value)) {
    return { kind: 'notification', message: value as unknown as JsonRpcNotification };
  }
  const id = value.id;
  // Past 2^53 JSON.parse has already rounded the number: the answer would carry another id.
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) {
    throw invalidRequest(
      'Invalid Request: "id" must be a string or an integer between -(2^53 - 1) and 2^53 - 1',
    );
  }
  return { kind: 'request', message: value as unknown as JsonRpcRequest };
}

export function resultResponse(id: RequestId, result: JsonObject): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: RequestId | null, error: JsonRpcErrorBody): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}
