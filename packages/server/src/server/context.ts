import type { Logger } from '../log/logger.ts';
import type { RequestId } from '../protocol/jsonrpc.ts';
import type { Lane } from '../protocol/versions.ts';
import type { ClientCapabilities, Implementation, LoggingLevel } from '../protocol/wire-types.ts';
import type { AuthInfo } from './auth-info.ts';
import { type ElicitParams, type ElicitResult, type InputRequest, InputRequired } from './input-required.ts';
import type { Platform } from './platform.ts';

/** What every handler receives besides its input. */
export interface RequestContext {
  readonly requestId: RequestId;
  readonly method: string;
  readonly protocolVersion: string;
  readonly lane: Lane;
  readonly client: { readonly info: Implementation | undefined; readonly capabilities: ClientCapabilities };
  /** The caller's identity, when an auth layer or an API Gateway authorizer established one. */
  readonly auth: AuthInfo | undefined;
  /** The request's `_meta` as sent (trace context, progress token, ...). */
  readonly meta: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  /**
   * Aborted when the client goes away or the deadline passes. Pass it down (fetch, SDK
   * calls, database queries): the framework answers at the deadline either way, but only a
   * handler that stops its work, and then throws `signal.reason`, lets the answer say the
   * work was stopped rather than that its outcome is unknown.
   */
  readonly signal: AbortSignal;
  /**
   * Epoch milliseconds at which `signal` aborts (the host's deadline minus the margin),
   * when the host has one: derive timeouts of downstream calls from it.
   */
  readonly deadline: number | undefined;
  readonly platform: Platform;
  /**
   * The request's HTTP headers, from whichever host delivered it: names in lower case,
   * repeated headers joined with ", " (cookies with "; "). They include the caller's
   * credentials (`authorization`, `x-api-key`), for a tool that calls a downstream API on the
   * caller's behalf: never log or return them. Empty when the request came without HTTP.
   */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Sends `notifications/progress` when the client asked for progress. */
  progress(progress: number, total?: number, message?: string): void;
  /** Sends `notifications/message` when the client's log level lets it through. */
  log(level: LoggingLevel, data: unknown, logger?: string): void;
  /** MRTR: the answers to input requests from earlier rounds, by key. */
  readonly inputResponses: Readonly<Record<string, unknown>>;
  /** MRTR: the state this handler carried from its previous round, if any. */
  readonly inputState: unknown;
  /** MRTR: the answer for `key`, or ask the client for it (ends this round). */
  elicit(key: string, params: ElicitParams): ElicitResult;
  /** MRTR: a sampling answer for `key`, or ask the client for one (ends this round). */
  sample(key: string, params: Record<string, unknown>): Record<string, unknown>;
  /** MRTR: ask for several inputs at once and carry `state` to the next round. */
  requireInput(requests: Record<string, InputRequest>, state?: unknown): never;
}

export interface ContextInit {
  requestId: RequestId;
  method: string;
  protocolVersion: string;
  lane: Lane;
  clientInfo: Implementation | undefined;
  capabilities: ClientCapabilities;
  auth: AuthInfo | undefined;
  meta: Record<string, unknown>;
  logger: Logger;
  signal: AbortSignal;
  deadline: number | undefined;
  platform: Platform;
  headers: Readonly<Record<string, string | undefined>>;
  logLevel: LoggingLevel | undefined;
  inputResponses: Record<string, unknown>;
  inputState: unknown;
  notify(method: string, params: Record<string, unknown>): void;
}

const LEVEL_RANK: Record<LoggingLevel, number> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/** A context and what its handler asked of the client, even if the handler caught the request. */
export interface ContextHandle {
  readonly ctx: RequestContext;
  /** The input request `elicit`, `sample` or `requireInput` raised last, if any. */
  pendingInput(): InputRequired | undefined;
}

export function createContext(init: ContextInit): ContextHandle {
  let pending: InputRequired | undefined;
  // Raising records the request: a handler that wraps ctx.elicit in try/catch cannot swallow it.
  const ask = (requests: Record<string, InputRequest>, state: unknown): never => {
    pending = new InputRequired(requests, state);
    throw pending;
  };
  const ctx = buildContext(init, ask);
  return { ctx, pendingInput: () => pending };
}

function buildContext(
  init: ContextInit,
  ask: (requests: Record<string, InputRequest>, state: unknown) => never,
): RequestContext {
  const progressToken = init.meta.progressToken;
  const minimumLevel = init.logLevel === undefined ? undefined : LEVEL_RANK[init.logLevel];
  return {
    requestId: init.requestId,
    method: init.method,
    protocolVersion: init.protocolVersion,
    lane: init.lane,
    client: { info: init.clientInfo, capabilities: init.capabilities },
    auth: init.auth,
    meta: init.meta,
    logger: init.logger,
    signal: init.signal,
    deadline: init.deadline,
    platform: init.platform,
    headers: init.headers,
    inputResponses: init.inputResponses,
    inputState: init.inputState,
    progress(progress, total, message) {
      if (progressToken === undefined || init.signal.aborted) return;
      const params: Record<string, unknown> = { progressToken, progress };
      if (total !== undefined) params.total = total;
      if (message !== undefined) params.message = message;
      init.notify('notifications/progress', params);
    },
    log(level, data, logger) {
      if (minimumLevel === undefined || LEVEL_RANK[level] < minimumLevel || init.signal.aborted) return;
      init.notify('notifications/message', logger === undefined ? { level, data } : { level, data, logger });
    },
    elicit(key, params) {
      const answer = answerTo(init.inputResponses, key);
      if (answer !== undefined) return answer as ElicitResult;
      return ask({ [key]: { method: 'elicitation/create', params } }, init.inputState);
    },
    sample(key, params) {
      const answer = answerTo(init.inputResponses, key);
      if (answer !== undefined) return answer as Record<string, unknown>;
      return ask({ [key]: { method: 'sampling/createMessage', params } }, init.inputState);
    },
    requireInput(requests, state) {
      return ask(requests, state);
    },
  };
}

/** The client's answer under `key`: its own property only, so `constructor` is asked for, not the prototype's. */
function answerTo(responses: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(responses, key) ? responses[key] : undefined;
}
