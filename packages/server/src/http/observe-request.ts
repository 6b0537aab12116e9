import { ErrorCode } from '../protocol/errors.ts';
import type { JsonObject } from '../protocol/jsonrpc.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import { type Caller, notifyObserver, type Outcome } from './observer.ts';
import type { RequestRun } from './run-request.ts';

/** How a request was answered, for its observation. */
export interface Answered {
  message: { result?: JsonObject; error?: { code: number } };
  /** What replaced an answer over the host's size limit, if anything. */
  replaced: 'tool_error' | 'error' | undefined;
}

/** Tells the observer a request starts (a tracer opens its span here). */
export function observeStart(run: RequestRun): void {
  const observer = run.options.observe;
  if (!observer?.onRequestStart) return;
  const { request } = run;
  notifyObserver(() =>
    observer.onRequestStart?.({
      requestId: request.id,
      method: request.method,
      tool: toolOf(run),
      meta: run.selection.meta,
      platform: run.exchange.platform,
    }),
  );
}

/** One record per answered request, and one per tool call. */
export function observeRequest(run: RequestRun, started: number, answered: Answered): void {
  const observer = run.options.observe;
  if (!observer) return;
  const durationMs = performance.now() - started;
  const { message, replaced } = answered;
  const errorCode = replaced === 'error' ? ErrorCode.InternalError : message.error?.code;
  const outcome: Outcome =
    replaced ??
    (message.error
      ? 'error'
      : message.result?.resultType === 'input_required'
        ? 'input_required'
        : message.result?.isError === true
          ? 'tool_error'
          : 'ok');
  const { selection, request } = run;
  const client = selection.clientInfo;
  const { meta } = selection;
  const { platform } = run.exchange;
  const { id: requestId, method } = request;
  const tool = toolOf(run);
  // Inline rather than through notifyObserver: no closure per request on the hot path.
  try {
    observer.onRequest?.({
      requestId,
      method,
      tool,
      client,
      caller: callerOf(run.auth),
      protocolVersion: selection.version,
      durationMs,
      outcome,
      errorCode,
      meta,
      platform,
    });
  } catch {
    // An observer's own failure is its to report; the request goes on.
  }
  if (tool !== undefined && observer.onToolCall)
    notifyObserver(() =>
      observer.onToolCall?.({ requestId, tool, client, durationMs, outcome, meta, platform }),
    );
}

function callerOf(auth: AuthInfo | undefined): Caller | undefined {
  if (!auth) return undefined;
  const { claims } = auth;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    subject: auth.subject,
    tenant: auth.tenant,
    keyId: text(claims.key_id) ?? text(claims.keyId),
    clientId: text(claims.client_id) ?? text(claims.azp) ?? text(claims.appid),
  };
}

function toolOf(run: RequestRun): string | undefined {
  return run.request.method === 'tools/call' ? String(run.request.params?.name) : undefined;
}
