import { ErrorCode, httpStatusFor, ProtocolError } from '../protocol/errors.ts';
import { InvalidEnvelope, type JsonRpcErrorBody, parseMessage, type RequestId } from '../protocol/jsonrpc.ts';
import { type LaneSelection, selectLane } from '../protocol/lane.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import { withCredential } from '../server/credential.ts';
import type { ServerDefinition } from '../server/definition.ts';
import { ToolError } from '../server/tool-error.ts';
import { BodyReadError, type BodyReader, type Exchange, type Reply } from './exchange.ts';
import type { ResolvedHttpOptions } from './http-options.ts';
import { MAX_TIMER_MS } from './max-timer.ts';
import { checkMirroredHeaders, checkParamHeaders } from './mirrored-headers.ts';
import { notifyObserver } from './observer.ts';
import { emptyReply, errorReply } from './replies.ts';
import { runRequest } from './run-request.ts';
import {
  checkHeaders,
  encodedBodyRefusal,
  exceedsBytes,
  type Refusal,
  tooLarge,
} from './transport-checks.ts';

type Identified = { id: RequestId; method: string };

/**
 * Streamable HTTP on the MCP endpoint, step by step: the header rules, the body, the
 * caller's identity, the JSON-RPC envelope, the revision and its mirrored headers, then
 * the request itself. Every refusal on the way is answered and reported alike.
 */
export async function handleMcpPost(
  def: ServerDefinition,
  exchange: Exchange,
  options: ResolvedHttpOptions,
): Promise<Reply> {
  const started = performance.now();
  // Refusals are plain functions, not closures: the common request is never refused and
  // should not pay for them.
  const refusing: Refusing = { options, exchange, started };

  const checked = checkHeaders(exchange, options);
  if ('refusal' in checked) return refuseWith(refusing, checked.refusal);

  // Plain bodies and anonymous requests take no await: each one is a turn of the event loop.
  const body =
    typeof exchange.body === 'string'
      ? checkSize(exchange.body, options)
      : await readStreamedBody(def, exchange, exchange.body, options);
  if (typeof body !== 'string') return refuseWith(refusing, body);

  const identity = options.authenticate
    ? await authenticate(exchange, options.authenticate)
    : { auth: withForwardedCredential(exchange, options.credentialHeader) };
  if ('reply' in identity) {
    const { reply } = identity;
    reportRejection(options, exchange, started, reply.status, undefined, 'refused by the authenticate hook');
    return reply;
  }

  let parsed: ReturnType<typeof parseMessage>;
  try {
    parsed = parseMessage(body);
  } catch (error) {
    const failure = error as ProtocolError;
    const encoded = failure.code === ErrorCode.ParseError ? encodedBodyRefusal(exchange.headers) : undefined;
    if (encoded) return refuseWith(refusing, encoded);
    // An envelope refused after its id was read is answered with that id.
    const id = failure instanceof InvalidEnvelope ? failure.requestId : undefined;
    const status = httpStatusFor(failure.code, 'transport', undefined);
    return refuse(refusing, status, failure.toJSON(), id === undefined ? undefined : { id });
  }
  if (parsed.kind === 'notification') return emptyReply(202);

  const request = parsed.message;
  let selection: LaneSelection;
  try {
    selection = selectLane(request.method, request.params, exchange.headers['mcp-protocol-version']);
    if (selection.lane === 'modern') checkModernHeaders(def, exchange, request, checked.accepts.stream);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return refuse(refusing, httpStatusFor(error.code, 'transport', undefined), error.toJSON(), request);
  }
  const auth = identity.auth;
  if (!options.limit) {
    // The same properties as below (refusal included): one object shape for runRequest.
    return runRequest({
      def,
      exchange,
      request,
      selection,
      auth,
      accepts: checked.accepts,
      options,
      refusal: undefined,
    });
  }
  // Only a tool this server has is limited as that tool: a name the client made up would
  // otherwise get a bucket of its own (one per name, in memory or DynamoDB) and a 'tool'
  // rule's count; it gets the request-level rules and then its unknown-tool error.
  const name = request.method === 'tools/call' ? request.params?.name : undefined;
  const tool = typeof name === 'string' && def.tools.has(name) ? name : undefined;
  const limited = await options.limit({
    exchange,
    auth,
    requestId: request.id,
    method: request.method,
    tool,
  });
  if (limited && !(limited instanceof ToolError)) {
    reportRejection(
      options,
      exchange,
      started,
      limited.status,
      undefined,
      'refused by the rate limit',
      request,
    );
    return limited;
  }
  const refusal = tool !== undefined ? limited : undefined;
  return runRequest({ def, exchange, request, selection, auth, accepts: checked.accepts, options, refusal });
}

/** What a refusal needs to know about the request it turns away. */
interface Refusing {
  options: ResolvedHttpOptions;
  exchange: Exchange;
  started: number;
}

/** Answers a request turned away with a JSON-RPC error, and reports the rejection. */
function refuse(
  { options, exchange, started }: Refusing,
  status: number,
  error: JsonRpcErrorBody,
  request?: Partial<Identified>,
  headers?: Record<string, string>,
): Reply {
  reportRejection(options, exchange, started, status, error.code, error.message, request);
  return errorReply(status, request?.id, error, exchange.headers['mcp-protocol-version'], headers);
}

/** Answers a transport refusal (headers, body size) as an Invalid Request error. */
function refuseWith(refusing: Refusing, refusal: Refusal): Reply {
  const error = { code: ErrorCode.InvalidRequest, message: refusal.message };
  return refuse(refusing, refusal.status, error, undefined, refusal.headers);
}

function checkSize(body: string, options: ResolvedHttpOptions): string | Refusal {
  return exceedsBytes(body, options.maxBodyBytes) ? tooLarge(options) : body;
}

/** A streamed body as text, or why it is refused; a client that left gets an answer nobody reads. */
async function readStreamedBody(
  def: ServerDefinition,
  exchange: Exchange,
  read: BodyReader,
  options: ResolvedHttpOptions,
): Promise<string | Refusal> {
  try {
    return checkSize(
      // A bodyTimeoutMs past what a timer holds (Infinity, to mean none) is held to that
      // limit here, once, rather than firing at once in every host's reader.
      await read({
        maxBytes: options.maxBodyBytes,
        timeoutMs: Math.min(options.bodyTimeoutMs, MAX_TIMER_MS),
      }),
      options,
    );
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    if (error.reason === 'timeout') {
      const message = `Request Timeout: the body did not arrive within ${options.bodyTimeoutMs} ms`;
      return { status: 408, message, headers: { connection: 'close' } };
    }
    // Any client can hang up mid-body: worth a debug line, never an error line.
    def.logger.debug('client closed the connection while sending the body', { path: exchange.path });
    return { status: 400, message: 'Bad Request: the body ended early', headers: { connection: 'close' } };
  }
}

async function authenticate(
  exchange: Exchange,
  hook: NonNullable<ResolvedHttpOptions['authenticate']>,
): Promise<{ auth: AuthInfo | undefined } | { reply: Reply }> {
  const outcome = await hook(exchange);
  if (outcome && 'status' in outcome) return { reply: outcome };
  return { auth: outcome ?? exchange.auth };
}

/** An identity from outside (an authorizer's context), with the credential the caller presented. */
function withForwardedCredential(exchange: Exchange, header: string | undefined): AuthInfo | undefined {
  const { auth } = exchange;
  const value = header === undefined ? undefined : exchange.headers[header];
  if (!auth || value === undefined) return auth;
  const credential = header === 'authorization' ? value.replace(/^Bearer\s+/i, '') : value;
  return withCredential({ ...auth }, credential);
}

/** 2026-07-28 headers mirror the body; a listen needs a stream to listen on. */
function checkModernHeaders(
  def: ServerDefinition,
  exchange: Exchange,
  request: { method: string; params?: Record<string, unknown> | undefined },
  acceptsStream: boolean,
): void {
  const { headers } = exchange;
  checkMirroredHeaders(headers, request.method, request.params);
  if (request.method === 'tools/call') {
    const tool = def.tools.get(String(request.params?.name));
    if (tool && tool.paramHeaders.length > 0)
      checkParamHeaders(headers, tool.paramHeaders, request.params?.arguments);
  }
  if (request.method === 'subscriptions/listen' && !acceptsStream) {
    throw new ProtocolError(ErrorCode.InvalidRequest, 'subscriptions/listen needs Accept: text/event-stream');
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
  request?: Partial<Identified>,
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
