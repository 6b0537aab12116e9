import type { RequestId } from '../protocol/jsonrpc.ts';
import type { Implementation } from '../protocol/wire-types.ts';
import type { Platform } from '../server/platform.ts';

/**
 * How one JSON-RPC request ended: `ok`, `tool_error` (an `isError` tool result),
 * `input_required` (an MRTR round) or `error` (a JSON-RPC error answer).
 */
export type Outcome = 'ok' | 'tool_error' | 'input_required' | 'error';

/** One JSON-RPC request the HTTP layer answered, for logs, metrics and traces. */
export interface RequestRecord {
  requestId: RequestId;
  method: string;
  /** The tool of a `tools/call`. */
  tool: string | undefined;
  client: Implementation | undefined;
  /** Who called, as authentication or an API Gateway authorizer established it (never the credential). */
  caller: Caller | undefined;
  protocolVersion: string;
  durationMs: number;
  outcome: Outcome;
  /** The JSON-RPC error code when `outcome` is `error`. */
  errorCode: number | undefined;
  /** The request's `_meta` (W3C `traceparent` / `tracestate` live here). */
  meta: Readonly<Record<string, unknown>>;
  platform: Platform;
}

/** One `tools/call`, reported besides its request record. */
export interface ToolCallRecord {
  requestId: RequestId;
  tool: string;
  client: Implementation | undefined;
  durationMs: number;
  outcome: Outcome;
  meta: Readonly<Record<string, unknown>>;
  platform: Platform;
}

/** The identifiers of a caller, for logs: never its credential. */
export interface Caller {
  subject: string;
  tenant: string | undefined;
  /** The API key's id, when an API key identified the caller. */
  keyId: string | undefined;
  /** The OAuth client the token was issued to. */
  clientId: string | undefined;
}

/**
 * A request the MCP endpoint turned away before any handler ran: a refused origin, a wrong
 * Content-Type or Accept, an oversized or unparseable body, a header that disagrees with
 * the body, a failed authentication.
 */
export interface RejectionRecord {
  /** The HTTP status of the answer. */
  status: number;
  /** The JSON-RPC error code of the answer, when it carries one. */
  errorCode: number | undefined;
  /** What the client was told. */
  reason: string;
  /** The JSON-RPC method and id, when the body parsed far enough to tell. */
  method: string | undefined;
  requestId: RequestId | undefined;
  durationMs: number;
  platform: Platform;
}

/**
 * Callbacks the HTTP layer feeds after each request; adapter-independent. A throwing
 * observer never affects the answer.
 */
export interface Observer {
  /** Called when a request starts, before its handler runs (a tracer opens its span here). */
  onRequestStart?(start: Pick<RequestRecord, 'requestId' | 'method' | 'tool' | 'meta' | 'platform'>): void;
  onRequest?(record: RequestRecord): void;
  onToolCall?(record: ToolCallRecord): void;
  onRejected?(record: RejectionRecord): void;
}

/** Observers see requests; they never change or fail the answer. */
export function notifyObserver(call: () => void): void {
  try {
    call();
  } catch {
    // An observer's own failure is its to report; the request goes on.
  }
}
