import { ErrorCode, internalError, invalidParams, ProtocolError } from '../protocol/errors.ts';
import type { Lane } from '../protocol/versions.ts';
import { HandlerAborted } from './run-handler.ts';
import { ToolError } from './tool-error.ts';

/** What a non-tool handler was doing, for the error message. */
export interface HandlerTarget {
  method: string;
  /** The prompt name or resource URI. */
  target: string | undefined;
}

/**
 * Errors of handlers that answer with JSON-RPC errors (resource reads and lists, prompt
 * gets, completions): a ToolError keeps its message, which was written for the model; its
 * code picks the JSON-RPC code. Anything else unexpected returns undefined (the caller logs
 * it and answers a generic internal error).
 */
export function handlerErrorToProtocol(
  error: unknown,
  lane: Lane,
  what: HandlerTarget,
): ProtocolError | undefined {
  if (error instanceof ProtocolError) return error;
  if (error instanceof HandlerAborted) {
    const subject = what.target === undefined ? what.method : `${what.method} of ${what.target}`;
    return internalError(
      error.byDeadline
        ? `TIMEOUT: ${subject} did not finish before the request deadline. Try again later.`
        : `CANCELLED: ${subject} was cancelled because the client closed the request.`,
      { code: error.byDeadline ? 'TIMEOUT' : 'CANCELLED' },
    );
  }
  if (!(error instanceof ToolError)) return undefined;
  const text = error.code === undefined ? error.message : `${error.code}: ${error.message}`;
  const data = { code: error.code, ...error.details };
  if (error.code === 'NOT_FOUND' && what.method === 'resources/read') {
    // 2025 revisions have their own code for an unknown resource; 2026-07-28 uses -32602.
    return lane === 'legacy'
      ? new ProtocolError(ErrorCode.ResourceNotFound, text, { uri: what.target, ...data })
      : invalidParams(text, { uri: what.target, ...data });
  }
  if (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_ERROR') return invalidParams(text, data);
  return internalError(text, data);
}
