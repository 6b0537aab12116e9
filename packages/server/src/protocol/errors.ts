import type { Lane } from './versions.ts';

/** JSON-RPC and MCP error codes this server sends. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** 2025 revisions: `resources/read` of an unknown URI (2026-07-28 uses InvalidParams). */
  ResourceNotFound: -32002,
  /** The caller is known but may not use what it asked for (HTTP 403). */
  Forbidden: -32003,
  HeaderMismatch: -32020,
  MissingRequiredClientCapability: -32021,
  UnsupportedProtocolVersion: -32022,
} as const;

/**
 * An error answered to the client as a JSON-RPC error. The HTTP status is not the thrower's
 * choice: `httpStatusFor` derives it from the code and where the error arose.
 */
export class ProtocolError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** Where an error arose: the transport rules before any method ran, or a dispatched method. */
export type ErrorOrigin = 'transport' | 'dispatch';

const STATUS_BY_CODE: Readonly<Record<number, number>> = {
  [ErrorCode.ParseError]: 400,
  [ErrorCode.InvalidRequest]: 400,
  [ErrorCode.MethodNotFound]: 404,
  [ErrorCode.InvalidParams]: 400,
  [ErrorCode.InternalError]: 500,
  [ErrorCode.ResourceNotFound]: 404,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.HeaderMismatch]: 400,
  [ErrorCode.MissingRequiredClientCapability]: 400,
  [ErrorCode.UnsupportedProtocolVersion]: 400,
};

/**
 * The HTTP status of a JSON-RPC error answer: the one table every error goes through.
 * 2025 clients read JSON-RPC errors of a dispatched request only from 2xx answers (the 1.x
 * client drops non-2xx bodies), so those travel on 200; 2026-07-28 maps codes to statuses,
 * except a handler's internal error (below). A code outside the table (a server's own) is
 * the request's fault unless it says internal.
 */
export function httpStatusFor(code: number, origin: ErrorOrigin, lane: Lane | undefined): number {
  // A refusal for lack of scope is an HTTP-level answer on every revision: clients step up on a 403.
  if (code === ErrorCode.Forbidden) return 403;
  if (origin === 'dispatch') {
    if (lane === 'legacy') return 200;
    // A method that failed is an answer, not a failed exchange: the reference SDK sends it on
    // 200, and its 2.x client reads a JSON-RPC error only from a 200 or a 400; on a 500 the
    // caller got a bare HTTP error, the code and data (SERVICE_UNAVAILABLE, say) lost.
    if (code === ErrorCode.InternalError) return 200;
  }
  return STATUS_BY_CODE[code] ?? 400;
}

export function invalidRequest(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidRequest, message);
}

export function invalidParams(message: string, data?: unknown): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, message, data);
}

export function methodNotFound(method: string): ProtocolError {
  return new ProtocolError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
}

export function internalError(message = 'Internal error', data?: unknown): ProtocolError {
  return new ProtocolError(ErrorCode.InternalError, message, data);
}

export function headerMismatch(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.HeaderMismatch, `Header mismatch: ${message}`);
}
