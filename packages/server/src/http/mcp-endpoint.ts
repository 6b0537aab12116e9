import { ErrorCode, ProtocolError } from '../protocol/errors.ts';
import { type JsonRpcErrorBody, parseMessage, type RequestId } from '../protocol/jsonrpc.ts';
import { selectLane } from '../protocol/lane.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import type { ServerDefinition } from '../server/create-server.ts';
import type { Exchange, Reply } from './exchange.ts';
import type { ResolvedHttpOptions } from './http-options.ts';
import { checkMirroredHeaders, checkParamHeaders } from './mirrored-headers.ts';
import { notifyObserver } from './observer.ts';
import { isOriginAllowed } from './origin.ts';
import { emptyReply, errorReply } from './replies.ts';
import { runRequest } from './run-request.ts';
import { listen } from './subscriptions-listen.ts';

type Identified = { id: RequestId; method: string };

/** Streamable HTTP on the MCP endpoint: the transport rules, then one JSON-RPC request. */
export async function handleMcpPost(
  def: ServerDefinition,
  exchange: Exchange,
  options: ResolvedHttpOptions,
): Promise<Reply> {
  const { headers } = exchange;
  const started = performance.now();
  const reject = (status: number, error: JsonRpcErrorBody, request?: Identified): Reply => {
    reportRejection(options, exchange, started, status, error.code, error.message, request);
    return errorReply(status, request?.id ?? null, error);
  };
  if (!isOriginAllowed(headers.origin, options.allowedOrigins)) {
    return reject(403, {
      code: ErrorCode.InvalidRequest,
      message: `Forbidden: origin ${headers.origin} is not allowed`,
    });
  }
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return reject(415, {
      code: ErrorCode.InvalidRequest,
      message: `Unsupported Media Type: Content-Type must be application/json, got ${contentType ?? 'none'}`,
    });
  }
  const accepts = acceptedTypes(headers.accept);
  if (!accepts.json && !accepts.sse) {
    return reject(406, {
      code: ErrorCode.InvalidRequest,
      message: 'Not Acceptable: Accept must include application/json or text/event-stream',
    });
  }
  const declaredLength = Number(headers['content-length'] ?? Number.NaN);
  if (declaredLength > options.maxBodyBytes || exceedsBytes(exchange.body, options.maxBodyBytes)) {
    return reject(413, {
      code: ErrorCode.InvalidRequest,
      message: `Payload Too Large: the body exceeds ${options.maxBodyBytes} bytes`,
    });
  }

  let auth: AuthInfo | undefined = exchange.auth;
  if (options.authenticate) {
    const outcome = await options.authenticate(exchange);
    if (outcome && 'status' in outcome) {
      reportRejection(
        options,
        exchange,
        started,
        outcome.status,
        undefined,
        'refused by the authenticate hook',
      );
      return outcome;
    }
    auth = outcome ?? auth;
  }

  let parsed: ReturnType<typeof parseMessage>;
  try {
    parsed = parseMessage(exchange.body);
  } catch (error) {
    return reject(400, (error as ProtocolError).toJSON());
  }
  if (parsed.kind === 'notification') return emptyReply(202);

  const request = parsed.message;
  const controller = new AbortController();
  const timer = deadlineTimer(exchange.deadline, options.deadlineMarginMs, controller);
  const release = () => {
    clearTimeout(timer);
    exchange.signal?.removeEventListener('abort', onClientGone);
  };
  const onClientGone = () =>
    controller.abort(new DOMException('The client closed the request', 'AbortError'));
  exchange.signal?.addEventListener('abort', onClientGone, { once: true });
  // A signal aborted before we listened never fires 'abort': without this the handler runs unbounded.
  if (exchange.signal?.aborted) onClientGone();
  try {
    const selection = selectLane(request.method, request.params, headers['mcp-protocol-version']);
    if (selection.lane === 'modern') {
      checkMirroredHeaders(headers, request.method, request.params);
      const tool = request.method === 'tools/call' ? def.tools.get(String(request.params?.name)) : undefined;
      if (tool && tool.paramHeaders.length > 0)
        checkParamHeaders(headers, tool.paramHeaders, request.params?.arguments);
      if (request.method === 'subscriptions/listen') {
        if (!accepts.sse)
          throw new ProtocolError(
            ErrorCode.InvalidRequest,
            'subscriptions/listen needs Accept: text/event-stream',
          );
        release();
        return listen(def, request, exchange.signal ?? controller.signal, {
          keepAliveMs: options.keepAliveMs,
          maxMs: options.listenMaxMs,
          deadline: exchange.deadline,
          marginMs: options.deadlineMarginMs,
        });
      }
    }
    return await runRequest(
      def,
      exchange,
      request,
      selection,
      auth,
      controller.signal,
      accepts.sse,
      release,
      () => onClientGone(),
      options,
    );
  } catch (error) {
    release();
    if (!(error instanceof ProtocolError)) throw error;
    return reject(error.status, error.toJSON(), request);
  }
}

/** Tells the observer about a request turned away before it ran. */
function reportRejection(
  options: ResolvedHttpOptions,
  exchange: Exchange,
  started: number,
  status: number,
  errorCode: number | undefined,
  reason: string,
  request?: Identified,
): void {
  const { observe } = options;
  if (!observe?.onRejected) return;
  notifyObserver(() =>
    observe.onRejected?.({
      status,
      errorCode,
      reason,
      method: request?.method,
      requestId: request?.id,
      durationMs: performance.now() - started,
      platform: exchange.platform,
    }),
  );
}

function acceptedTypes(accept: string | undefined): { json: boolean; sse: boolean } {
  if (accept === undefined || accept.trim() === '') return { json: true, sse: false };
  // Media ranges with q=0 are explicitly refused (RFC 9110 section 12.5.1).
  const types = accept
    .split(',')
    .map((part) => part.split(';').map((piece) => piece.trim().toLowerCase()))
    .filter(([, ...params]) => !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([type]) => type);
  const any = types.includes('*/*');
  return {
    json: any || types.includes('application/json') || types.includes('application/*'),
    sse: types.includes('text/event-stream') || types.includes('text/*'),
  };
}

/** UTF-8 size check without encoding in the common case: 1 to 3 bytes per UTF-16 unit. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).length > limit;
}

function deadlineTimer(
  deadline: number | undefined,
  marginMs: number,
  controller: AbortController,
): ReturnType<typeof setTimeout> | undefined {
  if (deadline === undefined) return undefined;
  const timer = setTimeout(
    () => controller.abort(new DOMException('The request deadline passed', 'TimeoutError')),
    Math.max(0, deadline - marginMs - Date.now()),
  );
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
